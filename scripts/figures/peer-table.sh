#!/usr/bin/env bash
# README's peer table: Edge and the official PyTorch S-TLLR code side by side on the same input.
#
#   scripts/figures/peer-table.sh            # writes docs/figures/peer-table.jsonl and .md, updates README
#
# For every (network, input) pair, `edge bench --frames-out` times Edge and writes the frames it was
# fed; tools/peer/stllr_torch_bench.py --frames then times the official code on that file (same
# samples, same order, same labels). Pairs run interleaved, ROUNDS times (the order of the two sides
# alternates between rounds), so that both share the machine's state; ratios are medians of the
# per-round ratios. Real-event inputs where the network's input fits (demo: the simulated camera's
# motion task; nmnist-small: the N-MNIST sample; gesture-vgg: the simulated gestures), Bernoulli
# for every network. The demo is timed with its LIF 128 layer's surrogate set to fast-sigmoid-100,
# the only one the official linear layer has (demo-fs).
#
# Environment: EDGE (an edge command; default: build tools/Edge.Cli in Release), STLLR_SRC
# (/tmp/stllr-src, the official code at 29c5755), BLAS_DIR (OpenBLAS, see tools/peer/README.md),
# ROUNDS (3), PAIRS (default below, "NETWORK:INPUT ..."). Set-up: tools/peer/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
stllr_src="${STLLR_SRC:-/tmp/stllr-src}"
blas_dir="${BLAS_DIR:-/tmp/openblas-root/usr/lib/x86_64-linux-gnu/openblas-openmp}"
rounds="${ROUNDS:-3}"
pairs="${PAIRS:-demo:motion nmnist-small:nmnist-sample gesture-vgg:gestures demo:bernoulli nmnist-small:bernoulli gesture-vgg:bernoulli shd-rec:bernoulli}"
out="$root/docs/figures/peer-table.jsonl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# demo-fs: the demo with the official linear layer's surrogate
"$EDGE" networks demo --spec | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)
s["name"] = "demo-fs"
s["description"] = "edge networks demo --spec with its LIF 128 layer on the official linear surrogate, fast-sigmoid-100"
for layer in s["layers"]:
    if layer["type"] == "linear":
        layer["psi"] = "fast-sigmoid-100"
print(json.dumps(s, indent=2))' > "$work/demo-fs.json"

mkdir -p "$(dirname "$out")"
# the machine line first: truncating $out (a tracked file) would make the tree look modified
start_line="$(machine_line start)"
echo "$start_line" > "$out"
tag() { sed "s/^{/{\"round\":$1,/" >> "$out"; }
edge_side() {  # round network spec input frames
  "$EDGE" bench --json --network "$3" --input "$4" --frames-out "$5" | tag "$1"
}
peer_side() {  # round network spec input frames
  local nets=()
  [ "$2" = demo-fs ] && nets=(--networks "demo-fs=$3")
  /usr/bin/python3 "$root/tools/peer/stllr_torch_bench.py" --stllr-src "$stllr_src" --blas-dir "$blas_dir" \
    --edge "$EDGE" --frames "$5" "${nets[@]}" | tag "$1"
}
for r in $(seq 1 "$rounds"); do
  for pair in $pairs; do
    net="${pair%%:*}" input="${pair#*:}" spec="${pair%%:*}"
    if [ "$net" = demo ]; then net=demo-fs spec="$work/demo-fs.json"; fi
    frames="$work/$net-$input.safetensors"
    echo "# round $r/$rounds: $net on $input" >&2
    if [ $((r % 2)) -eq 1 ]; then
      edge_side "$r" "$net" "$spec" "$input" "$frames"
      peer_side "$r" "$net" "$spec" "$input" "$frames"
    else
      # the frames file is round 1's (edge_side rewrites the same bytes every round)
      peer_side "$r" "$net" "$spec" "$input" "$frames"
      edge_side "$r" "$net" "$spec" "$input" "$frames"
    fi
  done
done
machine_line end >> "$out"
/usr/bin/python3 "$here/peer_table.py" "$out" --readme "$root/README.md" > "$root/docs/figures/peer-table.md"
echo "# wrote $out, docs/figures/peer-table.md and README's table" >&2
