"""Builds ImageFolder views (symlinks, outside the repository) for the evaluations in docs/models/*.md.

    /usr/bin/python3 src/training/make_eval_sets.py --grocery ../shared/datasets/grocery-store \
        --heldout /tmp/heldout --out /tmp/evalsets

Writes  iconic/<class>/<class>_Iconic.jpg  (Grocery Store cold-start gallery: class = parent folder name),
        syn_packshots/<SKU>/<SKU>.png     (one packshot per synthetic SKU of the held-out seed),
        syn_gallery/<SKU>/*, syn_queries/<SKU>/*  (held-out crops split by shelf: first half gallery, rest queries),
        syn_labels_product/, syn_labels_empty/   (held-out YOLO labels with one class each, for per-class mAP).
With --holdout-every N (embedder 3.x; the classes `train_embedder_pretrained.py --holdout-every N` leaves out):
        heldout_val/, trained_val/     Grocery Store val split into held-out and trained classes,
        trained_train/                 the train photos of the trained classes (gallery of the unknown-product check),
        heldout_5shot/                 the first 5 train photos of each held-out class (5-shot check of new families).
"""
from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

# The project's datasets lie beside the repository: <repo>/../shared/datasets.
REPOSITORY = Path(__file__).resolve().parents[2]
GROCERY = REPOSITORY.parent / "shared" / "datasets" / "grocery-store"


def link(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists():
        os.symlink(src.resolve(), dst)


def write_holdout_sets(grocery: Path, out: Path, every: int, shots: int = 5) -> None:
    train = sorted(p for p in (grocery / "train").rglob("*.jpg"))
    held_out = set(sorted({p.parent.name for p in train})[::every])
    for p in sorted((grocery / "val").rglob("*.jpg")):
        link(p, out / ("heldout_val" if p.parent.name in held_out else "trained_val") / p.parent.name / p.name)
    taken: dict[str, int] = {}
    for p in train:
        if p.parent.name not in held_out:
            link(p, out / "trained_train" / p.parent.name / p.name)
        elif taken.get(p.parent.name, 0) < shots:
            taken[p.parent.name] = taken.get(p.parent.name, 0) + 1
            link(p, out / "heldout_5shot" / p.parent.name / p.name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grocery", default=str(GROCERY), help="the Grocery Store dataset (default: ../shared/datasets/grocery-store beside the repository)")
    ap.add_argument("--heldout", help="`shelfcloud synth --seed 999` output (synthetic sets; skipped when absent)")
    ap.add_argument("--holdout-every", type=int, default=0, help="write the held-out-class sets (every Nth class)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out, held = Path(args.out), Path(args.heldout or ".")
    if out.exists():
        shutil.rmtree(out)
    for p in sorted(Path(args.grocery, "iconic-images-and-descriptions").rglob("*_Iconic.jpg")):
        link(p, out / "iconic" / p.parent.name / p.name)
    if args.holdout_every:
        write_holdout_sets(Path(args.grocery), out, args.holdout_every)
    if not args.heldout:
        print(f"wrote {out}")
        return
    for p in sorted((held / "packshots").glob("*.png")):
        link(p, out / "syn_packshots" / p.stem / p.name)
    shelves = sorted(p.stem for p in (held / "shelves" / "images").glob("*.jpg"))
    gallery_shelves = set(shelves[: len(shelves) // 2])
    for p in sorted((held / "crops").rglob("*.jpg")):
        shelf = p.stem.rsplit("_", 1)[0]
        part = "syn_gallery" if shelf in gallery_shelves else "syn_queries"
        link(p, out / part / p.parent.name / p.name)
    for cls, name in ((0, "syn_labels_product"), (1, "syn_labels_empty")):
        (out / name).mkdir(parents=True)
        for p in sorted((held / "shelves" / "labels").glob("*.txt")):
            lines = [l for l in p.read_text().splitlines() if l.split() and l.split()[0] == str(cls)]
            (out / name / p.name).write_text("\n".join(lines) + ("\n" if lines else ""))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
