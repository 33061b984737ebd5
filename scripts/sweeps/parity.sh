#!/bin/bash
# Task-level parity: Edge and the official PyTorch S-TLLR trained on the same frames, spec and seeds.
#   scripts/sweeps/parity.sh DATASET NETWORK EPOCHS OUT.jsonl [SEEDS...]
# e.g. scripts/sweeps/parity.sh nmnist:/work/testsets/nmnist-digits-default nmnist-small 3 docs/learning-quality/parity-nmnist.jsonl 1 2 3
# Needs: edge on PATH (or EDGE=...), /usr/bin/python3 with torch, the official code at STLLR_SRC
# (default /tmp/stllr-src, commit 29c5755) and OpenBLAS at BLAS_DIR (tools/peer/README.md).
# Appends one JSON line per side and seed: Edge's `edge train` test row (with "side": "edge") and the
# peer's row (with "side": "official"). Frames files go to FRAMES_DIR (default /tmp), one per seed.
set -euo pipefail
dataset=$1; network=$2; epochs=$3; out=$4; shift 4
if [ $# -eq 0 ]; then seeds=(1 2 3); else seeds=("$@"); fi
EDGE=${EDGE:-edge}
STLLR_SRC=${STLLR_SRC:-/tmp/stllr-src}
BLAS_DIR=${BLAS_DIR:-/tmp/openblas-root/usr/lib/x86_64-linux-gnu/openblas-openmp}
FRAMES_DIR=${FRAMES_DIR:-/tmp}
here=$(cd "$(dirname "$0")/../.." && pwd)
spec=$(mktemp --suffix=.json)
trap 'rm -f "$spec"' EXIT
if [ -f "$network" ]; then cp "$network" "$spec"; else "$EDGE" networks "$network" --spec > "$spec"; fi
name=$(basename "${network%.json}")
for seed in "${seeds[@]}"; do
  frames="$FRAMES_DIR/frames-$name-$seed.safetensors"
  "$EDGE" datasets frames --dataset "$dataset" --network "$spec" --seed "$seed" --epochs "$epochs" --out "$frames" --json >&2
  start=$(date +%s.%N)
  "$EDGE" train --dataset "$dataset" --network "$spec" --seed "$seed" --epochs "$epochs" --json \
    | python3 -c "import json,sys,time; rows=[json.loads(l) for l in sys.stdin if l.strip()]; t=rows[-1]; \
print(json.dumps({'side':'edge','network':'$network','dataset':'$dataset','seed':$seed,'epochs':$epochs, \
'train_accuracy':[r['accuracy'] for r in rows if r['split']=='train'],'test_accuracy':t['accuracy'], \
'test_samples':t['samples'],'seconds':round(time.time()-$start,1)}))" >> "$out"
  /usr/bin/python3 "$here/tools/peer/stllr_task_parity.py" --stllr-src "$STLLR_SRC" --spec "$spec" --frames "$frames" \
    --seeds "$seed" --blas-dir "$BLAS_DIR" \
    | python3 -c "import json,sys; [print(json.dumps({**json.loads(l), 'side': 'official', 'network': '$network'})) for l in sys.stdin if l.strip()]" >> "$out"
  rm -f "$frames"
done
