#!/usr/bin/python3
"""Markdown table of a peer-table.sh run (docs/figures/peer-table.jsonl): Edge beside the official
PyTorch S-TLLR code, per network, input and mode. Times are medians over rounds of each row's
ms_per_step_median; 'Edge faster' is the median of the per-round ratios (min–max beside it).
Memory like for like: Edge's peak RSS above its baseline (the .NET process before the network is
built) and the official peak RSS above rss_after_import_mb (Python after importing torch and the
official code, before the model is built); absolute peak RSS of both below that.

  peer_table.py docs/figures/peer-table.jsonl [--readme README.md]   # table on stdout

With --readme, the block between '<!-- figures:peer-table -->' and '<!-- /figures:peer-table -->'
in that file is replaced by the table.
"""
import argparse
import json
import statistics
import sys

REAL = ("motion", "gestures", "nmnist-sample")
BEGIN, END = "<!-- figures:peer-table -->", "<!-- /figures:peer-table -->"


def fmt_ms(v):
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def fmt_ratio(v):
    return f"×{v:.2g}" if v < 10 else f"×{v:,.0f}".replace(",", " ")


def fmt_mb(v):
    return f"{v:.1f}" if v < 10 else f"{v:.0f}"


def table(rows, machines):
    edge, peer = {}, {}
    for r in rows:
        if r.get("kind") == "network" and r.get("impl") == "edge":
            edge.setdefault((r["network"], r["input"], r["mode"]), {})[r["round"]] = r
        elif r.get("peer"):
            peer.setdefault((r["network"], r["input"], r["mode"]), {})[r["round"]] = r
    keys = sorted(edge, key=lambda k: (k[1] not in REAL, k[1] == "bernoulli", ["demo-fs", "nmnist-small", "gesture-vgg", "shd-rec"].index(k[0])
                                       if k[0] in ("demo-fs", "nmnist-small", "gesture-vgg", "shd-rec") else 9, k[0], k[2] != "train"))
    out = []
    start = next((m for m in machines if m["at"] == "start"), None)
    end = next((m for m in machines if m["at"] == "end"), None)
    if start:
        rounds = max(r["round"] for r in rows if "round" in r)
        out.append(f"Run of {start['utc']} (commit {start['commit']}), {start['cpu']}, {start['cores']} cores shared with "
                   f"other work (load average {start['loadavg'][0]} at the start, {end['loadavg'][0] if end else '?'} at the end); "
                   f"{rounds} interleaved rounds, batch 1, one thread each side.")
        out.append("")
    out.append("| network | input | mode | Edge ms/step | official ms/step | Edge faster (min–max) | RSS above baseline: Edge / official | "
               "peak RSS: Edge / official | parameters | synops/step | input density | samples |")
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in keys:
        if k not in peer:
            continue
        rs = sorted(set(edge[k]) & set(peer[k]))
        if not rs:
            continue
        e = [edge[k][r] for r in rs]
        p = [peer[k][r] for r in rs]
        em = statistics.median(x["ms_per_step_median"] for x in e)
        pm = statistics.median(x["ms_per_step_median"] for x in p)
        ratios = [b["ms_per_step_median"] / a["ms_per_step_median"] for a, b in zip(e, p)]
        e_above = statistics.median(x["peak_rss_mb"] - x["baseline_rss_mb"] for x in e)
        p_above = statistics.median(x["peak_rss_mb"] - x["rss_after_import_mb"] for x in p)
        e_abs = statistics.median(x["peak_rss_mb"] for x in e)
        p_abs = statistics.median(x["peak_rss_mb"] for x in p)
        params = f"{e[0]['parameters']:,}" if e[0]["parameters"] == p[0]["parameters"] else f"{e[0]['parameters']:,} / {p[0]['parameters']:,}"
        name = "demo¹" if k[0] == "demo-fs" else k[0]
        out.append(f"| {name} | {k[1]} | {k[2]} | {fmt_ms(em)} | {fmt_ms(pm)} | {fmt_ratio(statistics.median(ratios))} "
                   f"({fmt_ratio(min(ratios))}–{fmt_ratio(max(ratios))}) | {fmt_mb(e_above)} / {fmt_mb(p_above)} MB | "
                   f"{fmt_mb(e_abs)} / {fmt_mb(p_abs)} MB | {params} | {e[0]['synops_per_step']:,.0f} | "
                   f"{e[0]['input_density']:.3f} | {e[0]['samples']} |".replace(",", " "))
    out.append("")
    out.append("ms/step = median sample time ÷ T (a training sample includes its T_l learning steps and one Adam step). "
               "Both sides are fed the same frames (`edge bench --frames-out`, `stllr_torch_bench.py --frames`). "
               "Baselines: Edge's `baseline_rss_mb` (the .NET process before the network is built), the official "
               "`rss_after_import_mb` (Python after importing torch and the official code, before the model is built). "
               "`parameters` (trainable; Edge / official where they differ) and `synops_per_step` (Edge's effective "
               "synaptic operations per step on that input: non-zero inputs times the connections they drive) state the "
               "network's size as NeuroBench reports it. "
               "¹ demo with its LIF 128 layer's surrogate set to fast-sigmoid-100, the only one the official linear layer has.")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl")
    ap.add_argument("--readme", help="replace the table block in this file")
    args = ap.parse_args()
    rows, machines = [], []
    with open(args.jsonl) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                (machines if r.get("kind") == "machine" else rows).append(r)
    text = table(rows, machines)
    sys.stdout.write(text)
    if args.readme:
        with open(args.readme) as f:
            readme = f.read()
        if BEGIN not in readme or END not in readme:
            sys.exit(f"{args.readme}: no {BEGIN} ... {END} block")
        head, rest = readme.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        with open(args.readme, "w") as f:
            f.write(head + BEGIN + "\n" + text + END + tail)


if __name__ == "__main__":
    main()
