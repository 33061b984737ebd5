#!/usr/bin/python3
"""docs/arm-boards.md's tables from one run of scripts/figures/arm-boards.sh
(docs/figures/arm-boards.jsonl): the x86 figures (block 'arm-boards-x86') and the Pi 4 / Pi 5
estimates computed from them (block 'arm-boards-pi'), by the method the page describes:
a sample takes the larger of compute (x86 time × the ratio of single-core peaks) and memory
(116 B of DRAM traffic per parameter and sample ÷ single-thread bandwidth, unless the parameter
state — weights, gradients, two Adam moments — fits the board's cache).

  arm_boards_table.py docs/figures/arm-boards.jsonl docs/arm-boards.md
"""
import json
import statistics
import sys

NETS = ["demo", "nmnist-small", "gesture-vgg"]
# Published single-core FP32 NEON FMA peaks and STREAM triad (../shared/docs/accelerator.md §5);
# Pi 5 bandwidth taken as 2x the Pi 4's (an assumption the page states).
BOARDS = {"Pi 4": dict(peak=11.96, bw=4.8e9, cache=1 << 20), "Pi 5": dict(peak=38.37, bw=9.6e9, cache=(512 << 10) + (2 << 20))}
BYTES_PER_PARAM = 116


def med(v):
    return statistics.median(v) if v else None


def f(v, digits=None):
    if v is None:
        return "—"
    if digits is None:
        digits = 3 if v < 1 else (2 if v < 10 else (1 if v < 100 else 0))
    s = f"{v:,.{digits}f}".replace(",", " ")
    return s


def replace_block(text, name, body):
    begin, end = f"<!-- figures:{name} -->", f"<!-- /figures:{name} -->"
    if begin not in text or end not in text:
        sys.exit(f"arm-boards.md: no {begin} ... {end} block")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + begin + "\n" + body + end + tail


def main():
    rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    machines = [r for r in rows if r.get("kind") == "machine"]
    net = {}
    rt = {}
    peak = {}
    for r in rows:
        if r.get("kind") == "network":
            net.setdefault((r["network"], r["threads"]), []).append(r)
        elif r.get("kind") == "realtime":
            rt.setdefault((r["network"], r["threads"]), []).append(r)
        elif r.get("kind") == "peak":
            peak.setdefault(r["threads"], []).append(r["gflops"])
    nets = [n for n in NETS if (n, 1) in net or (n, 1) in rt]
    peak1 = med(peak.get(1, []))
    peak2 = med(peak.get(2, []))

    def nv(n, t, key):
        return med([r[key] for r in net.get((n, t), [])])

    def rv(n, t, key):
        return med([r[key] for r in rt.get((n, t), [])])

    def spread(n, t, key):
        v = [r[key] for r in net.get((n, t), [])]
        return f"{f(med(v))} [{f(min(v))}–{f(max(v))}]" if v else "—"

    def pair(a, b):
        return f"{a} / {b}"

    any_row = {n: (net.get((n, 1)) or rt.get((n, 1)))[0] for n in nets}
    head = "| training (S-TLLR) | " + " | ".join(f"{n} (T {any_row[n]['T']}, T_l {any_row[n]['T_l']})" for n in nets) + " |"
    lines = [head, "|---|" + "---:|" * len(nets)]

    def row(label, cell):
        lines.append(f"| {label} | " + " | ".join(cell(n) for n in nets) + " |")

    row("parameters", lambda n: f(nv(n, 1, "parameters"), 0))
    row("ms per step, median [min–max over rounds] (bench input) — 1 thread", lambda n: spread(n, 1, "ms_per_step_median"))
    row("ms per step, median [min–max over rounds] (bench input) — 2 threads", lambda n: spread(n, 2, "ms_per_step_median"))
    row("2 threads ÷ 1 thread, median of per-round ratios (bench)", lambda n: ratio_cell(net, n))
    row("ms per sample (bench input) — 1 thread / 2 threads", lambda n: pair(f(nv(n, 1, "ms_per_sample_median")), f(nv(n, 2, "ms_per_sample_median"))))
    row("ms per sample (real-time replay) — 1 thread / 2 threads", lambda n: pair(f(rv(n, 1, "sample_ms_median")), f(rv(n, 2, "sample_ms_median"))))
    row("throughput, steps/s (replay) — 1 thread / 2 threads", lambda n: pair(f(rv(n, 1, "steps_per_s"), 0), f(rv(n, 2, "steps_per_s"), 0)))
    row("step latency p50 / p99, ms (bench) — 1 thread", lambda n: pair(f(nv(n, 1, "ms_per_step_p50")), f(nv(n, 1, "ms_per_step_p99"))))
    row("step latency p50 / p99, ms (bench) — 2 threads", lambda n: pair(f(nv(n, 2, "ms_per_step_p50")), f(nv(n, 2, "ms_per_step_p99"))))
    row("first sample (JIT), ms — 1 / 2 threads", lambda n: pair(f(nv(n, 1, "first_sample_ms"), 0), f(nv(n, 2, "first_sample_ms"), 0)))

    def verdict(n):
        h1, h2 = rv(n, 1, "headroom"), rv(n, 2, "headroom")
        if h1 is None:
            return "—"
        return f"{'yes' if h1 >= 1 else 'no'}, ×{h1:.2g} (×{h2:.2g} on 2 threads)"
    row("real-time verdict on 10 ms bins (≥ 100 steps/s), replay", verdict)
    row(f"dense-equivalent GFLOP/s, share of the {f(peak1, 0)} GFLOP/s peak — 1 thread (replay)",
        lambda n: f"{f(rv(n, 1, 'gflops_dense'), 0)}, {rv(n, 1, 'fraction_of_peak') * 100:.0f} %" if rv(n, 1, "gflops_dense") is not None else "—")
    row("alloc_bytes over all timed samples (bench and replay, every round)",
        lambda n: f"{sum(r['alloc_bytes'] for k in ((n, 1), (n, 2)) for d in (net, rt) for r in d.get(k, []))} B")
    start = next((m for m in machines if m["at"] == "start"), {})
    end = next((m for m in machines if m["at"] == "end"), {})
    rounds = max((r.get("round", 0) for r in rows), default=0)
    lines.append("")
    lines.append(f"Run of {start.get('utc', '?')} (commit {start.get('commit', '?')}), {start.get('cpu', '?')}, "
                 f"{start.get('cores', '?')} cores shared with other engineers' builds, tests and training runs "
                 f"(load average {start.get('loadavg', ['?'])[0]} at the start, {end.get('loadavg', ['?'])[0]} at the end); "
                 f"{rounds} rounds; measured FMA peak {f(peak1, 0)} GFLOP/s on 1 thread, {f(peak2, 0)} on 2 (median over rounds: "
                 f"on a quiet machine the 2-thread peak is twice the 1-thread one). Step workers spin 10 × SpinWait(16) before sleeping.")
    text = open(sys.argv[2]).read()
    text = replace_block(text, "arm-boards-x86", "\n".join(lines) + "\n")

    # Pi estimates
    pl = ["| training, 10 ms bins (real-time replay) | Pi 4: compute | Pi 4: memory | **Pi 4 expected** | Pi 5: compute | Pi 5: memory | **Pi 5 expected** |",
          "|---|---:|---:|---:|---:|---:|---:|"]
    for n in nets:
        params = nv(n, 1, "parameters") or 0
        T = any_row[n]["T"]
        for t in (1, 2):
            x86 = rv(n, t, "sample_ms_median")
            if x86 is None:
                continue
            cells = []
            for b in BOARDS.values():
                compute = x86 * peak1 / b["peak"]
                fits = params * 16 <= b["cache"]
                memory = 0.0 if fits else params * BYTES_PER_PARAM / b["bw"] * 1e3
                expected = max(compute, memory)
                steps = T * 1000 / expected
                verdict = f"×{steps / 100:.2g}" if steps >= 100 else "not real-time"
                mem_text = "fits cache" if fits else f"{f(memory)} ({f(params * BYTES_PER_PARAM / 1e6, 0)} MB)"
                exp_text = f"≈ {f(expected)} ms" if expected < 1000 else f"≈ {expected / 1000:.2g} s"
                cells += [f(compute), mem_text, f"**{exp_text} → {f(steps, 0 if steps >= 10 else 1)} steps/s: {verdict}**"]
            pl.append(f"| {n}, {t} {'core' if t == 1 else 'cores'}: ms per {T}-step sample | " + " | ".join(cells) + " |")
    for n in nets:
        p99 = nv(n, 1, "ms_per_step_p99")
        if p99 is not None:
            pl.append(f"| {n}: p99 step latency (ms), 1 core | {f(p99 * peak1 / BOARDS['Pi 4']['peak'])} | | | "
                      f"{f(p99 * peak1 / BOARDS['Pi 5']['peak'])} | | |")
    text = replace_block(text, "arm-boards-pi", "\n".join(pl) + "\n")
    open(sys.argv[2], "w").write(text)


def ratio_cell(net, n):
    one = {r["round"]: r["ms_per_step_median"] for r in net.get((n, 1), [])}
    two = {r["round"]: r["ms_per_step_median"] for r in net.get((n, 2), [])}
    ratios = [two[k] / one[k] for k in one if k in two]
    if not ratios:
        return "—"
    return f"{statistics.median(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}]"


if __name__ == "__main__":
    main()
