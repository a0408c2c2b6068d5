#!/usr/bin/env bash
# The embedder experiments of model card 2.0, run on one H100 (device tool, two rounds of ~10 minutes each):
# four runs train side by side on the GPU for the same wall-clock budget, then the models are timed alone on
# the GPU. Data: `pack_for_gpu.py --out .gpu`. Round 1: recipes a/b/c and the held-out-classes experiment d;
# round 2: regularisation and sampling variants e-h of the better round-1 recipes; round 3: the shipped recipe g
# with two more seeds (j, k), its held-out-classes experiment (l) and at width 1.0 (m).
#   usage: src/training/gpu_experiments.sh DATA_DIR OUT_DIR ROUND [MINUTES]
set -euo pipefail
data=$1; out=$2; round=$3; minutes=${4:-7}
mkdir -p "$out/logs"
cd "$(dirname "$0")"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$out/logs/gpu.csv" || true
common=(--device cuda --threads 4 --grocery "$data/grocery" --arch resnet --width 0.75 --dim 256 --batch 256
        --lr 2e-3 --weight-decay 0.05 --iconic-fraction 0.15 --steps 100000 --eval-every 2500
        --max-minutes "$minutes" --no-export --version 2.0.0 --name shelfcloud-embedder-m)
syn=(--synthetic "$data/synthetic" --grocery-fraction 0.8 --crops-per-sku 15 --packshot-copies 2)
run() { local name=$1; shift; python3 train_embedder.py "${common[@]}" "$@" --log "$out/logs/$name.json" > "$out/logs/$name.log" 2>&1 & }
if [ "$round" = 1 ]; then
  run a "${syn[@]}" --imgsz 128 --save-weights "$out/a.pt"
  run b --imgsz 128 --save-weights "$out/b.pt"
  run c "${syn[@]}" --imgsz 160 --save-weights "$out/c.pt"
  run d "${syn[@]}" --imgsz 128 --holdout-every 4
elif [ "$round" = 2 ]; then
  run e --imgsz 128 --weight-decay 5e-4 --dropout 0 --save-weights "$out/e.pt"
  run f --imgsz 128 --balanced --save-weights "$out/f.pt"
  run g "${syn[@]}" --imgsz 128 --balanced --dropout 0.3 --weight-decay 0.1 --save-weights "$out/g.pt"
  run h "${syn[@]}" --imgsz 160 --balanced --save-weights "$out/h.pt"
else
  shipped=("${syn[@]}" --imgsz 128 --balanced --dropout 0.3 --weight-decay 0.1)
  run j "${shipped[@]}" --seed 5
  run k "${shipped[@]}" --seed 6
  run l "${shipped[@]}" --holdout-every 4
  run m "${shipped[@]}" --width 1.0 --save-weights "$out/m.pt"
fi
status=0
for job in $(jobs -p); do wait "$job" || status=1; done
python3 time_models.py --detector ../ShelfCloud.Vision/Models/detector.onnx --json "$out/logs/times.json" > "$out/logs/times.log" 2>&1 || status=1
exit $status
