#!/usr/bin/env bash
# The detector figures of docs/models/detector.md, measured with the product's CLI.
#   src/training/eval_detector.sh MODEL.onnx OUT_DIR [HELDOUT_DIR] [SETS_DIR]
# HELDOUT_DIR: `shelfcloud synth --out HELDOUT_DIR --seed 999 --shelves 40` (default /tmp/heldout); SETS_DIR:
# `make_eval_sets.py --heldout HELDOUT_DIR --out SETS_DIR` (default /tmp/evalsets), for the per-class label folders.
# The real shelves (SKU-110K, evaluation only) come from ../shared/datasets/sku110k-shelves (SHELVES to override).
# Writes the JSON of each evaluation and the contact sheets of the real shelves into OUT_DIR.
set -euo pipefail
model=$1 out=$2 heldout=${3:-/tmp/heldout} sets=${4:-/tmp/evalsets}
here=$(cd "$(dirname "$0")/../.." && pwd)
shelves=${SHELVES:-$here/../shared/datasets/sku110k-shelves}
cli=${SHELFCLOUD_CLI:-"dotnet run -c Release --project $here/src/ShelfCloud.Cli --"}
python=${PYTHON:-/usr/bin/python3}
mkdir -p "$out"
for class in product empty; do
  echo -n "synthetic $class AP: "
  $cli eval detection --images "$heldout/shelves/images" --labels "$sets/syn_labels_$class" --detector "$model" \
      --json "$out/synthetic_$class.json" 2>/dev/null | tail -1
done
$cli recognize --images "$heldout/shelves/images" --out "$out/pred_synthetic" --detector "$model" > /dev/null 2>&1
echo -n "synthetic recall/precision at 0.25: "
$python "$here/src/training/detection_report.py" score --images "$heldout/shelves/images" --labels "$heldout/shelves/labels" \
    --pred "$out/pred_synthetic" --json "$out/synthetic_score.json" | tail -1
echo -n "real shelves, rows recovered: "
$cli eval rows --images "$shelves/images" --labels "$shelves/labels" --detector "$model" --json "$out/rows.json" 2>/dev/null | tail -1
$cli recognize --images "$shelves/images" --out "$out/pred_real" --detector "$model" > /dev/null 2>&1
$python "$here/src/training/detection_report.py" sheets --images "$shelves/images" --pred "$out/pred_real" \
    --out "$out/sheet" --per-sheet 9 --sheets 5 | tail -1
