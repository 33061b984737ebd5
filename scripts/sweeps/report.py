#!/usr/bin/env python3
"""Markdown tables of sweep results (the JSON Lines files scripts/sweeps/sweep.py appends to).

    python3 scripts/sweeps/report.py docs/learning-quality/nmnist-head.jsonl [...] [--changes]

One row per setting and rule, in the order the files hold them: the test accuracy of every seed,
their mean and sample standard deviation, and (with --changes) the spec changes of the setting.
"""
import argparse
import collections
import json
import statistics


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--changes", action="store_true", help="add a column with the setting's spec changes")
    args = ap.parse_args()
    groups = collections.OrderedDict()
    for path in args.files:
        with open(path) as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    key = (row["dataset"], row["setting"], row["rule"], row["epochs"])
                    groups.setdefault(key, []).append(row)
    header = "| setting | rule | T | T_l | prediction | epochs | test accuracy per seed | mean | sd |"
    rule = "|---|---|---|---|---|---|---|---|---|"
    if args.changes:
        header += " changes |"
        rule += "---|"
    dataset = None
    for (ds, setting, rl, epochs), rows in groups.items():
        if ds != dataset:
            dataset = ds
            print(f"\n`{ds}`\n")
            print(header)
            print(rule)
        rows.sort(key=lambda r: r["seed"])
        acc = [r["test_accuracy"] for r in rows]
        seeds = ", ".join(f"{r['seed']}: {r['test_accuracy']:.3f}" for r in rows)
        sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
        t = rows[0].get("time_steps") or ""
        tl = rows[0].get("learn_steps") or ""
        pred = rows[0].get("prediction") or "sum-all"
        line = f"| {setting} | {rl} | {t} | {tl if rl == 'stllr' else ('T' if rl == 'bptt' else tl)} | {pred} | {epochs} | {seeds} | **{statistics.mean(acc):.3f}** | {sd:.3f} |"
        if args.changes:
            changes = json.dumps(rows[0]["set"], separators=(",", ":"))
            if len(changes) > 120:
                changes = changes[:117] + "..."
            line += f" `{changes}` |"
        print(line)


if __name__ == "__main__":
    main()
