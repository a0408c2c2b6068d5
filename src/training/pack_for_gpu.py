"""Packs the training data into a compact folder that travels to a GPU machine (which cannot read ../shared).

Every image is stretched to --size x --size (the training scripts stretch crops the same way) and re-encoded as
JPEG, keeping the ImageFolder layout: Grocery Store train/val/iconic packshots and, optionally, the synthetic
crops and packshots of `shelfcloud synth`.

    /usr/bin/python3 src/training/pack_for_gpu.py --out .gpu --synthetic /tmp/emb_syn
"""
from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image

import common

# The project's datasets lie beside the repository: <repo>/../shared/datasets.
REPOSITORY = Path(__file__).resolve().parents[2]
GROCERY = REPOSITORY.parent / "shared" / "datasets" / "grocery-store"


def pack(src_root: Path, dst_root: Path, size: int, quality: int, limit_per_class: int | None = None) -> int:
    written, per_class = 0, {}
    for path, cls in common.image_folder(src_root):
        if limit_per_class is not None:
            per_class[cls] = per_class.get(cls, 0) + 1
            if per_class[cls] > limit_per_class:
                continue
        target = dst_root / path.relative_to(src_root).with_suffix(".jpg")
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(common.load_rgb(path, size)).save(target, quality=quality)
        written += 1
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grocery", default=str(GROCERY), help="the Grocery Store dataset (default: ../shared/datasets/grocery-store beside the repository)")
    ap.add_argument("--synthetic")
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=192)
    ap.add_argument("--quality", type=int, default=90)
    ap.add_argument("--synthetic-size", type=int, default=112)
    ap.add_argument("--crops-per-sku", type=int, default=15)
    args = ap.parse_args()
    out, grocery = Path(args.out), Path(args.grocery)
    for split in ("train", "val", "iconic-images-and-descriptions"):
        n = pack(grocery / split, out / "grocery" / split, args.size, args.quality)
        print(f"grocery/{split}: {n} images")
    if args.synthetic:
        syn = Path(args.synthetic)
        n = pack(syn / "crops", out / "synthetic" / "crops", args.synthetic_size, args.quality, args.crops_per_sku)
        print(f"synthetic/crops: {n} images")
        (out / "synthetic" / "packshots").mkdir(parents=True, exist_ok=True)
        for p in sorted((syn / "packshots").glob("*.png")):
            Image.fromarray(common.load_rgb(p, args.synthetic_size)).save(out / "synthetic" / "packshots" / p.name)
        print("synthetic/packshots copied")


if __name__ == "__main__":
    main()
