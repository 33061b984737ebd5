#!/usr/bin/env python3
"""Runs a learning sweep: every setting x rule x seed of a sweep file, one `edge train --json` at a time.

A sweep file (JSON) names a dataset, a base network and the settings to try; each setting is a set of
changes to the base spec, written as paths into the spec JSON ("learn_steps", "optimizer.lr",
"layers[-1].type"). Results are appended to a JSON Lines file, one row per run (the setting, its
changes, rule, seed, the per-epoch training rows and the final test row); a run already in the file
is skipped, so an interrupted sweep resumes where it stopped.

    python3 scripts/sweeps/sweep.py scripts/sweeps/nmnist-coarse.json --out docs/learning-quality/nmnist-coarse.jsonl
        [--edge PATH] [--dataset KIND:PATH] [--seeds 1 2 3] [--only NAME ...] [--dry-run]

The sweep file's keys:
  dataset   KIND:PATH (--dataset overrides; "$TESTSETS" expands to the folder of the made sets,
            env EDGE_TESTSETS, default /work/testsets)
  network   the base spec: a built-in name or a spec file
  epochs    epochs per run
  seeds     seeds per setting
  rules     learning rules (default ["stllr"])
  base      changes applied to every setting (optional)
  settings  list of {"name": ..., "set": {path: value, ...}, "rules": [...] (optional)}
  grid      alternatively {path: [values, ...], ...}: every combination becomes a setting
  verb      "train" (default) or "demo": `edge demo --task TASK --samples N` instead of `edge train`
            (keys task, samples); its row's test_accuracy is the demo's accuracy over the last 20 %
            of the samples, prequential_accuracy over all of them
"""
import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time

PATH_PART = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]")


def parse_path(path):
    parts = []
    for name, index in PATH_PART.findall(path):
        parts.append(int(index) if index else name)
    return parts


def apply(spec, path, value):
    parts = parse_path(path)
    node = spec
    for part in parts[:-1]:
        node = node[part]
    last = parts[-1]
    if value is None and isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and last == len(node):
        node.append(value)
    else:
        node[last] = value


def settings_of(sweep):
    if "grid" in sweep:
        keys = list(sweep["grid"])
        for values in itertools.product(*(sweep["grid"][k] for k in keys)):
            changes = dict(zip(keys, values))
            name = ",".join(f"{k}={json.dumps(v, separators=(',', ':'))}" for k, v in changes.items())
            yield {"name": name, "set": changes}
    for setting in sweep.get("settings", []):
        yield setting


def base_spec(edge, network):
    if os.path.isfile(network):
        with open(network) as f:
            return json.load(f)
    out = subprocess.run([edge, "networks", network, "--spec"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sweep")
    ap.add_argument("--out", required=True, help="JSON Lines file the rows are appended to")
    ap.add_argument("--edge", default=os.environ.get("EDGE", "edge"), help="the edge command (env EDGE)")
    ap.add_argument("--dataset", help="KIND:PATH, instead of the sweep file's")
    ap.add_argument("--seeds", type=int, nargs="+", help="instead of the sweep file's")
    ap.add_argument("--epochs", type=int, help="instead of the sweep file's")
    ap.add_argument("--rules", nargs="+", help="instead of the sweep file's")
    ap.add_argument("--only", nargs="+", help="run only the settings with these names")
    ap.add_argument("--dry-run", action="store_true", help="list the runs, run nothing")
    args = ap.parse_args()

    with open(args.sweep) as f:
        sweep = json.load(f)
    testsets = os.environ.get("EDGE_TESTSETS", "/work/testsets")
    dataset = (args.dataset or sweep.get("dataset", "sim:" + sweep.get("task", "motion"))).replace("$TESTSETS", testsets)
    seeds = args.seeds or sweep.get("seeds", [1, 2, 3])
    epochs = args.epochs or sweep.get("epochs", 3)
    base = base_spec(args.edge, sweep["network"])
    for path, value in sweep.get("base", {}).items():
        apply(base, path, value)

    done = set()
    if os.path.exists(args.out):
        with open(args.out) as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    done.add((row["sweep"], row["setting"], row["rule"], row["seed"], row["dataset"], row["epochs"]))

    runs = []
    for setting in settings_of(sweep):
        if args.only and setting["name"] not in args.only:
            continue
        for rule in args.rules or setting.get("rules") or sweep.get("rules", ["stllr"]):
            for seed in seeds:
                runs.append((setting, rule, seed))
    todo = [r for r in runs if (sweep["name"], r[0]["name"], r[1], r[2], dataset, epochs) not in done]
    print(f"# {sweep['name']}: {len(runs)} runs, {len(runs) - len(todo)} already in {args.out}", file=sys.stderr)
    if args.dry_run:
        for setting, rule, seed in todo:
            print(f"{setting['name']}\t{rule}\t{seed}")
        return

    with tempfile.TemporaryDirectory() as tmp:
        for i, (setting, rule, seed) in enumerate(todo):
            spec = json.loads(json.dumps(base))
            for path, value in setting["set"].items():
                apply(spec, path, value)
            spec["name"] = sweep["network"] if not os.path.isfile(sweep["network"]) else spec.get("name", "spec")
            spec_path = os.path.join(tmp, "spec.json")
            with open(spec_path, "w") as f:
                json.dump(spec, f)
            verb = sweep.get("verb", "train")
            if verb == "demo":
                cmd = [args.edge, "demo", "--task", sweep.get("task", "motion"), "--samples", str(sweep.get("samples", 600)),
                       "--network", spec_path, "--seed", str(seed), "--rule", rule, "--json"]
            else:
                cmd = [args.edge, "train", "--dataset", dataset, "--network", spec_path, "--epochs", str(epochs),
                       "--seed", str(seed), "--rule", rule, "--json"]
            start = time.time()
            p = subprocess.run(cmd, capture_output=True, text=True)
            seconds = time.time() - start
            rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip().startswith("{")]
            if p.returncode != 0 or not rows:
                print(f"# FAILED {setting['name']} {rule} seed {seed}: {p.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
                continue
            row = {"sweep": sweep["name"], "setting": setting["name"], "set": setting["set"], "rule": rule, "seed": seed,
                   "dataset": dataset, "epochs": epochs, "time_steps": spec.get("time_steps"), "learn_steps": spec.get("learn_steps"),
                   "prediction": spec.get("prediction", "sum-all"), "seconds": round(seconds, 1)}
            if verb == "demo":
                demo = rows[-1]
                row.update(test_accuracy=demo["accuracy_last_20pct"], prequential_accuracy=demo["accuracy"], samples=demo["samples"])
            else:
                train = [r for r in rows if r.get("split") == "train"]
                test = [r for r in rows if r.get("split") == "test"]
                if not test:
                    print(f"# FAILED {setting['name']} {rule} seed {seed}: no test row", file=sys.stderr)
                    continue
                row.update(test_accuracy=test[-1]["accuracy"], train_accuracy=[r["accuracy"] for r in train],
                           train_loss=[r["loss"] for r in train], test_samples=test[-1]["samples"])
            with open(args.out, "a") as f:
                f.write(json.dumps(row) + "\n")
            print(f"# [{i + 1}/{len(todo)}] {setting['name']} {rule} seed {seed}: test {row['test_accuracy']:.3f} "
                  f"train {row.get('train_accuracy', row.get('prequential_accuracy'))} ({seconds:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
