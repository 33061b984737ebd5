#!/usr/bin/env python3
"""Markdown tables of sweep results (the JSON Lines files scripts/sweeps/sweep.py appends to).

    python3 scripts/sweeps/report.py docs/learning-quality/nmnist-head.jsonl [...] [--changes]
    python3 scripts/sweeps/report.py --parity docs/learning-quality/parity-nmnist.jsonl

With --parity the files are scripts/sweeps/parity.sh's (rows with "side": "edge" or "official"): one
table per dataset and network with each side's test accuracy per seed, mean and sample standard
deviation, the pooled standard deviation and whether the means differ by at most two of it.

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
    ap.add_argument("--parity", action="store_true", help="the files are parity.sh's: Edge beside the official code")
    args = ap.parse_args()
    if args.parity:
        parity(args.files)
        return
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


def parity(files):
    groups = collections.OrderedDict()
    for path in files:
        with open(path) as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    groups.setdefault((row["dataset"], row["network"], row["epochs"]), {}).setdefault(row["side"], {})[row["seed"]] = row
    for (ds, network, epochs), sides in groups.items():
        print(f"\n`{ds}`, `{network}`, {epochs} epochs\n")
        print("| side | test accuracy per seed | mean | sd |")
        print("|---|---|---|---|")
        stats = {}
        for side in ("edge", "official"):
            rows = [sides.get(side, {})[k] for k in sorted(sides.get(side, {}))]
            acc = [r["test_accuracy"] for r in rows]
            if not acc:
                continue
            sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
            stats[side] = (statistics.mean(acc), sd, len(acc))
            seeds = ", ".join(f"{r['seed']}: {r['test_accuracy']:.3f}" for r in rows)
            print(f"| {side} | {seeds} | **{stats[side][0]:.3f}** | {sd:.3f} |")
        if len(stats) == 2:
            (m1, s1, n1), (m2, s2, n2) = stats["edge"], stats["official"]
            pooled = (((n1 - 1) * s1 ** 2 + (n2 - 1) * s2 ** 2) / max(1, n1 + n2 - 2)) ** 0.5
            diff = abs(m1 - m2)
            verdict = "parity" if diff <= 2 * pooled else "no parity"
            print(f"\n|mean difference| {diff:.3f}, pooled sd {pooled:.3f}: {diff / pooled if pooled else float('inf'):.2f} pooled sds, **{verdict}** (≤ 2 pooled sds)")


if __name__ == "__main__":
    main()
