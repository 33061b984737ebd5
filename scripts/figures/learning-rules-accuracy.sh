#!/usr/bin/env bash
# docs/learning-rules.md "Accuracy side by side on the demo task", in one run: every rule learns the
# simulated camera's motion and gesture tasks online (edge demo --task TASK --rule RULE --seed S
# --json, 600 samples, test-then-train), seeds 1-3; `stllr (learn_steps 20)` is the demo spec with
# "learn_steps": 20 passed as --network FILE. Accuracy and learning state do not depend on the
# machine (the runs are seeded), so this script may run beside other work. Raw rows:
# docs/figures/learning-rules-accuracy.jsonl. EDGE=PATH uses that edge instead of building one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/common.sh"
out="$root/docs/figures/learning-rules-accuracy.jsonl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$EDGE" networks demo --spec | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)
s["learn_steps"] = 20
print(json.dumps(s, indent=2))' > "$work/demo-learn20.json"
mkdir -p "$(dirname "$out")"
# the machine line first: truncating $out (a tracked file) would make the tree look modified
start_line="$(machine_line start)"
echo "$start_line" > "$out"
for task in motion gestures; do
  for rule in stllr stllr-learn20 bptt ttl-bptt bpsta ottt event-driven; do
    for seed in 1 2 3; do
      echo "# $task $rule seed $seed" >&2
      if [ "$rule" = stllr-learn20 ]; then
        "$EDGE" demo --json --task "$task" --network "$work/demo-learn20.json" --seed "$seed" \
          | sed 's/^{/{"variant":"stllr (learn_steps 20)",/' >> "$out"
      else
        "$EDGE" demo --json --task "$task" --rule "$rule" --seed "$seed" | sed "s/^{/{\"variant\":\"$rule\",/" >> "$out"
      fi
    done
  done
done
machine_line end >> "$out"
/usr/bin/python3 - "$out" "$root/docs/learning-rules.md" << 'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rows = [r for r in rows if r.get("kind") != "machine"]
labels = {"ttl-bptt": "ttl-bptt (K 5, blocks of 2)", "ottt": "ottt (= eprop here)"}
order = list(dict.fromkeys(r["variant"] for r in rows))
def kib(b):
    return f"{b / 1024:.0f} KiB" if b < 1 << 20 else f"{b / (1 << 20):.2f} MiB"
lines = ["| rule | T_l | learning state | motion: cumulative | motion: last 20 % | gestures: cumulative | gestures: last 20 % |",
         "|---|---:|---:|---:|---:|---:|---:|"]
for v in order:
    rs = [r for r in rows if r["variant"] == v]
    def mean(task, key):
        xs = [r[key] for r in rs if r["task"] == task]
        return f"{statistics.mean(xs):.3f}" if xs else "–"
    tl = 20 if v != "stllr" else 5
    lines.append(f"| {labels.get(v, v)} | {tl} | {kib(rs[0]['learning_state_bytes'])} | {mean('motion', 'accuracy')} | "
                 f"{mean('motion', 'accuracy_last_20pct')} | {mean('gestures', 'accuracy')} | {mean('gestures', 'accuracy_last_20pct')} |")
text = open(sys.argv[2]).read()
begin, end = "<!-- figures:learning-rules-accuracy -->", "<!-- /figures:learning-rules-accuracy -->"
if begin not in text or end not in text:
    sys.exit(f"{sys.argv[2]}: no {begin} ... {end} block")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(sys.argv[2], "w").write(head + begin + "\n" + "\n".join(lines) + "\n" + end + tail)
PY
echo "# wrote $out and docs/learning-rules.md" >&2
