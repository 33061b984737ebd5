#!/usr/bin/python3
"""'What the numbers say' in docs/learning-rules.md, from one run of scripts/figures/learning-rules.sh
(docs/figures/learning-rules.jsonl, `edge compare --json` rows): the ratio table (BPTT's figure over
each rule's at T = 20 and T = 100) and the time bullet (the ms/sample column of the timed network's
table). Each replaces the block between '<!-- figures:NAME -->' and '<!-- /figures:NAME -->'.

  learning_rules_summary.py docs/figures/learning-rules.jsonl docs/learning-rules.md [--edge EDGE]
"""
import argparse
import json
import subprocess
import sys

PAPER = "mem ×10 / ×50, MAC ×2.67 / ×13.33"
OTHER_RULES = [("gesture-vgg", "ottt"), ("gesture-vgg", "ttl-bptt"), ("alexnet-cifar10dvs", "ttl-bptt"),
               ("gesture-vgg", "bpsta"), ("gesture-vgg", "event-driven")]
NAMES = {"stllr": "S-TLLR", "bptt": "BPTT", "ttl-bptt": "TTL-BPTT", "bpsta": "BP-STA", "ottt": "OTTT",
         "eprop": "e-prop", "event-driven": "event-driven learning"}


def replace_block(text, name, body):
    begin, end = f"<!-- figures:{name} -->", f"<!-- /figures:{name} -->"
    if begin not in text or end not in text:
        sys.exit(f"learning-rules.md: no {begin} ... {end} block")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + begin + "\n" + body + end + tail


def ratio(v, digits):
    return "–" if v is None else f"×{v:.{max(digits, 2)}f}" if v < 1 else f"×{v:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl")
    ap.add_argument("doc")
    ap.add_argument("--edge", default="edge")
    args = ap.parse_args()
    rows, machines = [], []
    for line in open(args.jsonl):
        if line.strip():
            r = json.loads(line)
            (machines if r.get("kind") == "machine" else rows).append(r)
    by = {}
    for r in rows:
        by.setdefault((r["network"], r["rule"]), {})[r["T"]] = r
    networks = list(dict.fromkeys(r["network"] for r in rows))

    def spec(net):
        return json.loads(subprocess.run([args.edge, "networks", net, "--spec"], capture_output=True, text=True, check=True).stdout)

    def label(net, rule):
        if rule == "stllr":
            return f"stllr (T_l {max(r['T_l'] for r in by[(net, rule)].values())})"
        if rule == "ottt" and (net, "eprop") not in by:
            return "ottt (= eprop here)"
        if rule == "ttl-bptt":
            # RuleOptions.Truncation's default is 5
            return f"ttl-bptt (K {spec(net).get('rule_options', {}).get('truncation', 5)})"
        return rule

    lines = ["| network | rule | memory ÷, T = 20 | memory ÷, T = 100 | learning MACs ÷, T = 20 | learning MACs ÷, T = 100 | S-TLLR paper (T = 20 / 100) |",
             "|---|---|---:|---:|---:|---:|---|"]
    wanted = [(n, "stllr") for n in networks if n != "shd-rec"] + OTHER_RULES
    for net, rule in wanted:
        t = by.get((net, rule))
        if not t or 20 not in t or 100 not in t:
            continue
        a, b = t[20], t[100]
        paper = (f"mem ×{round(a['paper_memory_ratio'], 2):g} / ×{round(b['paper_memory_ratio'], 2):g}, "
                 f"MAC ×{round(a['paper_mac_ratio'], 2):g} / ×{round(b['paper_mac_ratio'], 2):g}"
                 if rule == "stllr" and a.get("paper_memory_ratio") else "")
        lines.append(f"| {net} | {label(net, rule)} | {ratio(a['memory_ratio_vs_bptt'], 1)} | {ratio(b['memory_ratio_vs_bptt'], 1)} | "
                     f"{ratio(a['mac_ratio_vs_bptt'], 2)} | {ratio(b['mac_ratio_vs_bptt'], 2)} | {paper} |")
    text = open(args.doc).read()
    text = replace_block(text, "learning-rules-ratios", "\n".join(lines) + "\n")

    timed = [n for n in networks if any(r["network"] == n and r.get("ms_per_sample") is not None for r in rows)]
    net = "nmnist-small" if "nmnist-small" in timed else (timed[0] if timed else None)
    if net is not None:
        T = max(r["T"] for r in rows if r["network"] == net and r.get("ms_per_sample") is not None)
        ms = {rule: t[T]["ms_per_sample"] for (n, rule), t in by.items() if n == net and T in t and t[T].get("ms_per_sample") is not None}
        others = ", ".join(f"{NAMES[r]}{' (which e-prop is on this network)' if r == 'ottt' and 'eprop' not in ms else ''} {ms[r]:.1f} ms"
                           for r in ("ottt", "eprop", "ttl-bptt", "bpsta", "event-driven") if r in ms)
        start = next((m for m in machines if m["at"] == "start"), {})
        stllr_tl = by[(net, "stllr")][T]["T_l"]
        body = (f"- **Time** (the ms/sample column of the {net} table above): at T = {T} a BPTT training sample takes "
                f"{ms['bptt']:.1f} ms and an S-TLLR one (T_l {stllr_tl}) {ms['stllr']:.1f} ms, ×{ms['bptt'] / ms['stllr']:.1f} less; "
                f"{others}. One thread, {start.get('cpu', '?')}, {start.get('cores', '?')} cores shared with other "
                f"engineers' work (load average {start.get('loadavg', ['?'])[0]} when the run began, {start.get('utc', '?')}): "
                f"absolute times move between runs by more than the rules differ in places; the ratio within a run is the figure to read.\n")
        text = replace_block(text, "learning-rules-time", body)
    open(args.doc, "w").write(text)


if __name__ == "__main__":
    main()
