#!/usr/bin/env bash
# docs/arm-boards.md's x86 figures and the Pi estimates computed from them, in one run:
#   edge bench --json --mode train --threads 1|2 -n demo|nmnist-small|gesture-vgg   (network rows)
#   edge bench --kind realtime --json [-n gesture-vgg]                              (peak + replay rows, 1 and 2 threads)
# ROUNDS rounds (default 3); within a round the 1- and 2-thread network rows alternate order, so the
# two share the machine's state; the table shows medians over rounds (ms/step with [min–max]).
# Raw rows: docs/figures/arm-boards.jsonl; arm_boards_table.py writes the two tables into
# docs/arm-boards.md. EDGE=PATH uses that edge instead of building one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
rounds="${ROUNDS:-3}"
networks="${NETWORKS:-demo nmnist-small gesture-vgg}"
out="$root/docs/figures/arm-boards.jsonl"
mkdir -p "$(dirname "$out")"
# the machine line first: truncating $out (a tracked file) would make the tree look modified
start_line="$(machine_line start)"
echo "$start_line" > "$out"
tag() { sed "s/^{/{\"round\":$1,/" >> "$out"; }
for r in $(seq 1 "$rounds"); do
  order="1 2"; [ $((r % 2)) -eq 0 ] && order="2 1"
  for net in $networks; do
    for t in $order; do
      echo "# round $r/$rounds: $net train, $t thread(s)" >&2
      "$EDGE" bench --json --mode train --threads "$t" --network "$net" | tag "$r"
    done
  done
  echo "# round $r/$rounds: realtime" >&2
  "$EDGE" bench --kind realtime --json | tag "$r"
  "$EDGE" bench --kind realtime --network gesture-vgg --json | grep -v '"kind":"peak"' | tag "$r"
done
machine_line end >> "$out"
/usr/bin/python3 "$here/arm_boards_table.py" "$out" "$root/docs/arm-boards.md"
echo "# wrote $out and docs/arm-boards.md" >&2
