#!/usr/bin/env bash
# docs/learning-rules.md's figures, in one run: every network's `edge compare` table and memory plot
# (edge compare --doc docs/), then the summary table and the time bullet of "What the numbers say"
# (learning_rules_summary.py, from this run's rows). Raw rows: docs/figures/learning-rules.jsonl.
#
#   scripts/figures/learning-rules.sh                 # all networks below
#   NETWORKS="gesture-vgg shd-rec" scripts/figures/learning-rules.sh   # some (the summary keeps the
#                                                     # other networks' rows from the last full run)
#
# nmnist-small (and nmnist-small@1 where that version exists) is timed (--samples 5, one thread);
# the large networks are counted with --dry (bytes and MACs from the built learners; no times: their
# BPTT rows would take hours on a small machine). EDGE=PATH uses that edge instead of building one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
networks="${NETWORKS:-nmnist-small@1 nmnist-small gesture-vgg alexnet-cifar10dvs shd-rec}"
rules=stllr,bptt,ttl-bptt,bpsta,ottt,eprop,event-driven
out="$root/docs/figures/learning-rules.jsonl"
mkdir -p "$(dirname "$out")"
new="$(mktemp)"
trap 'rm -f "$new"' EXIT
machine_line start > "$new"
for net in $networks; do
  if ! "$EDGE" networks "$net" > /dev/null 2>&1; then
    echo "# $net: no such built-in network here, skipped" >&2
    continue
  fi
  case "$net" in
    nmnist-small*) args=(--steps "$(/usr/bin/python3 -c '
import json, sys
t = json.load(sys.stdin)["time_steps"]
print(",".join(str(s) for s in sorted({10, 20, t, 50, 100})))' < <("$EDGE" networks "$net" --spec))" --samples 5) ;;
    *) args=(--steps 10,20,50,100 --dry --samples 3) ;;
  esac
  echo "# edge compare --network $net ${args[*]}" >&2
  # from the repository's root, so that the tables name the command as one types it there (--doc docs)
  (cd "$root" && "$EDGE" compare --json --network "$net" --rules "$rules" "${args[@]}" --doc docs) >> "$new"
done
machine_line end >> "$new"
# keep the rows of networks this run did not measure (NETWORKS= a subset)
if [ -f "$out" ]; then
  /usr/bin/python3 - "$out" "$new" << 'PY'
import json, sys
old, new = sys.argv[1], sys.argv[2]
fresh = [json.loads(l) for l in open(new) if l.strip()]
nets = {r["network"] for r in fresh if "network" in r}
kept = [l for l in open(old) if l.strip() and json.loads(l).get("network") not in nets and json.loads(l).get("kind") != "machine"]
with open(new, "a") as f:
    f.writelines(kept)
PY
fi
mv "$new" "$out"
trap - EXIT
/usr/bin/python3 "$here/learning_rules_summary.py" "$out" "$root/docs/learning-rules.md" --edge "$EDGE"
echo "# wrote $out and docs/learning-rules.md" >&2
