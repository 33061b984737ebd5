#!/usr/bin/python3
"""Task-level parity: the official S-TLLR PyTorch code trained on exactly the frames Edge trains on.

Our own script. It imports the official layer classes (mapolinario94/S-TLLR, commit 29c5755) from
the tree given by --stllr-src and contains none of their code. Inputs:

  --frames FILE  written by `edge datasets frames --dataset KIND:PATH --network SPEC --seed S
                 --epochs E --out FILE`: the framed training samples, the order and random shift
                 of every sample in every epoch for that seed, the test samples with all their frames
  --spec FILE    the network spec Edge trains (`edge networks NAME --spec > FILE`, or a spec file):
                 layers, T, T_l, prediction rule, factors, leaks, thresholds, optimizer and lr

Training is the official 'stllr' mode of utils/train.py (do_epoch, else-branch), batch 1 as
`edge train` runs: reset_states, zero_grad, T steps, cross-entropy on the logits of each of the
last T_l steps with backward, one optimizer step per sample. Samples are read in the recorded
order with the recorded shifts (zero-padded crop: x'[c, y, x] = x[c, y + dy, x + dx]). The test
pass runs every frame of each test sample without learning and predicts with the spec's rule
(sum-all: mean logits of all steps, the official test; sum-learn: the last T_l; last: the last step),
as `edge eval` does. The weights are initialised by torch from --seed (Edge's initial weights come
from its own generator: the same seed numbers, not the same draws).

stdout: one JSON line per seed (test accuracy, per-epoch training accuracy, seconds); stderr: '#'.

  /usr/bin/python3 tools/peer/stllr_task_parity.py --stllr-src /tmp/stllr-src --frames F --spec S \\
      --seeds 1 2 3 [--epochs N] [--threads 1] [--blas-dir DIR]
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import time

PEER = "official-stllr-pytorch"


def info(msg):
    print("# " + msg, file=sys.stderr, flush=True)


def read_safetensors(path, np):
    """name -> numpy array (float32 only, as Edge writes), and the metadata."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    base = 8 + n
    meta = header.pop("__metadata__", {})
    data = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} is {entry['dtype']}, expected F32")
        start, end = entry["data_offsets"]
        out[name] = data[base + start:base + end].view(np.float32).reshape(entry["shape"])
    return out, meta


def shifted(torch, x, dy, dx):
    """x'[..., y, x] = x[..., y + dy, x + dx], zero outside (a padded random crop)."""
    if dy == 0 and dx == 0:
        return x
    out = torch.zeros_like(x)
    h, w = x.shape[-2], x.shape[-1]
    ys, ye = max(0, -dy), min(h, h - dy)
    xs, xe = max(0, -dx), min(w, w - dx)
    if ys < ye and xs < xe:
        out[..., ys:ye, xs:xe] = x[..., ys + dy:ye + dy, xs + dx:xe + dx]
    return out


def predict(torch, logits, rule, t_l):
    """Class from a list of per-step logits [1, classes] under the spec's prediction rule."""
    if rule == "last":
        used = logits[-1:]
    elif rule == "sum-learn":
        used = logits[-max(1, t_l):]
    else:
        used = logits
    return int(torch.stack(used).sum(0).argmax(-1).item())


def run_seed(args, seed, spec, data, meta, torch, nn, stllr_spec, layers, gradients):
    np_train = data["train.frames"]
    labels = data["train.labels"].astype("int64")
    order = data["train.order"].astype("int64")
    shift = data["train.shift"].astype("int64")
    t, t_l, rule = stllr_spec.timing(spec)
    if np_train.shape[1] != t:
        raise SystemExit(f"--frames holds T = {np_train.shape[1]} frames per sample, the spec's T is {t}")
    epochs = args.epochs or order.shape[0]
    if epochs > order.shape[0]:
        raise SystemExit(f"--frames records {order.shape[0]} epochs, {epochs} asked")
    torch.manual_seed(seed)
    model = stllr_spec.build(spec, torch, nn, layers, gradients)
    kind, lr, weight_decay = stllr_spec.optimizer_of(spec)
    params = model.parameters()
    optimizer = (torch.optim.Adam(params, lr=lr, weight_decay=weight_decay) if kind == "adam"
                 else torch.optim.SGD(params, lr=lr, weight_decay=weight_decay, momentum=0.9))
    loss_fct = nn.CrossEntropyLoss()
    frames = torch.from_numpy(np_train.copy())
    start = time.perf_counter()
    train_acc = []
    model.train()
    for e in range(epochs):
        correct = 0
        for i in range(order.shape[1]):
            k = int(order[e, i])
            dy, dx = int(shift[e, i, 0]), int(shift[e, i, 1])
            x = frames[k]
            if x.dim() == 4:
                x = shifted(torch, x, dy, dx)
            label = torch.tensor([int(labels[k])])
            model.reset_states()
            optimizer.zero_grad()
            outs = []
            for s in range(t):
                output = model(x[s].unsqueeze(0), label)
                outs.append(output.detach())
                if (t - s) <= t_l:
                    loss = loss_fct(output, label)
                    loss.backward()
            optimizer.step()
            correct += int(predict(torch, outs, rule, t_l) == int(labels[k]))
        train_acc.append(round(correct / order.shape[1], 6))
        info(f"seed {seed} epoch {e + 1}/{epochs}: training accuracy {train_acc[-1]:.4f} "
             f"({time.perf_counter() - start:.0f} s)")
    model.eval()
    test = data["test.frames"]
    steps = data["test.steps"].astype("int64")
    test_labels = data["test.labels"].astype("int64")
    correct = 0
    with torch.no_grad():
        for m in range(test.shape[0]):
            x = torch.from_numpy(test[m, :int(steps[m])].copy())
            model.reset_states()
            outs = [model(x[s].unsqueeze(0), None) for s in range(x.shape[0])]
            correct += int(predict(torch, outs, rule, t_l) == int(test_labels[m]))
    return {
        "peer": PEER, "torch": torch.__version__, "network": spec.get("name"), "spec": os.path.abspath(args.spec),
        "frames": os.path.abspath(args.frames), "dataset": meta.get("dataset"), "rule": "stllr", "seed": seed,
        "epochs": epochs, "T": t, "T_l": t_l, "prediction": rule, "lr": lr,
        "train_samples": int(order.shape[1]), "test_samples": int(test.shape[0]),
        "train_accuracy": train_acc, "test_accuracy": round(correct / test.shape[0], 6),
        "seconds": round(time.perf_counter() - start, 1), "threads": args.threads,
    }


def worker(args):
    import numpy as np
    import torch
    import torch.nn as nn
    torch.set_num_threads(args.threads)
    sys.path.insert(0, os.path.abspath(args.stllr_src))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import models.layers as layers                          # official: models/layers/STLLR_layers.py
    import models.layers.surrogate_gradients as gradients   # official alternative psi classes
    import stllr_spec
    spec = stllr_spec.load(args.spec)
    data, meta = read_safetensors(args.frames, np)
    if meta.get("format") != "edge-frames/1":
        raise SystemExit(f"{args.frames}: not an edge frames file (format {meta.get('format')})")
    info(f"frames {args.frames}: network {meta.get('network')}, T {meta.get('time_steps')}, seed {meta.get('seed')}, "
         f"train {tuple(data['train.frames'].shape)}, test {tuple(data['test.frames'].shape)}")
    if meta.get("seed") is not None and str(args.worker_seed) != meta["seed"]:
        info(f"WARNING: the orders and shifts were recorded for seed {meta['seed']}, this run's seed is {args.worker_seed}")
    rec = run_seed(args, args.worker_seed, spec, data, meta, torch, nn, stllr_spec, layers, gradients)
    print(json.dumps(rec), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stllr-src", default="/tmp/stllr-src", help="work tree of mapolinario94/S-TLLR at 29c5755")
    ap.add_argument("--frames", required=True, help="written by edge datasets frames")
    ap.add_argument("--spec", required=True, help="the network spec JSON Edge trains")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3],
                    help="seeds to train; each needs a frames file of its own orders: FRAMES may hold {seed}")
    ap.add_argument("--epochs", type=int, default=None, help="default: the epochs the frames file records")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--blas-dir", default=None, help="directory holding another libblas.so.3 (OpenBLAS; see README)")
    ap.add_argument("--worker-seed", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker_seed is not None:
        worker(args)
        return
    if not os.path.isfile(os.path.join(args.stllr_src, "models", "layers", "STLLR_layers.py")):
        sys.exit(f"--stllr-src {args.stllr_src}: official S-TLLR work tree not found")
    try:
        commit = subprocess.run(["git", "-C", args.stllr_src, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        commit = "?"
    env = dict(os.environ)
    for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[v] = str(args.threads)
    if args.blas_dir:
        env["LD_LIBRARY_PATH"] = os.path.abspath(args.blas_dir) + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    rc = 0
    for seed in args.seeds:
        frames = args.frames.replace("{seed}", str(seed))
        cmd = [sys.executable, os.path.abspath(__file__), "--worker-seed", str(seed), "--stllr-src", args.stllr_src,
               "--frames", frames, "--spec", args.spec, "--threads", str(args.threads)]
        if args.epochs:
            cmd += ["--epochs", str(args.epochs)]
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
        for line in p.stdout.splitlines():
            if line.strip():
                rec = json.loads(line)
                rec["stllr_commit"] = commit
                print(json.dumps(rec), flush=True)
        rc = rc or p.returncode
    sys.exit(rc)


if __name__ == "__main__":
    main()
