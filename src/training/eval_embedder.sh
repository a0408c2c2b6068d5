#!/usr/bin/env bash
# The embedder figures of docs/models/embedder.md, measured with the product's CLI (`shelfcloud eval retrieval`).
#   src/training/eval_embedder.sh MODEL.onnx OUT_DIR [SETS_DIR]
# SETS_DIR comes from `make_eval_sets.py --holdout-every 4 --out SETS_DIR` (default /tmp/evalsets). Writes one JSON
# per evaluation into OUT_DIR and prints the CLI's summary lines.
set -euo pipefail
model=$1 out=$2 sets=${3:-/tmp/evalsets}
here=$(cd "$(dirname "$0")/../.." && pwd)
grocery=${GROCERY:-$here/../shared/datasets/grocery-store}
cli=${SHELFCLOUD_CLI:-"dotnet run -c Release --project $here/src/ShelfCloud.Cli --"}
mkdir -p "$out"
run() { local name=$1; shift; echo -n "$name: "; $cli eval retrieval --embedder "$model" --json "$out/$name.json" "$@" 2>/dev/null | tail -1; }
run val_train_gallery      --queries "$grocery/val" --gallery "$grocery/train"
run val_iconic             --queries "$grocery/val" --gallery "$sets/iconic"
run heldout_train_gallery  --queries "$sets/heldout_val" --gallery "$grocery/train"
run heldout_iconic         --queries "$sets/heldout_val" --gallery "$sets/iconic"
run heldout_5shot          --queries "$sets/heldout_val" --gallery "$sets/heldout_5shot"
run unknown_heldout        --queries "$sets/trained_val" --gallery "$sets/trained_train" --unknown "$sets/heldout_val"
