"""No-learning retrieval baseline: HSV colour histograms (16x4x4 bins) on a 2x2 grid, cosine similarity,
class = best per-class similarity (same protocol as `shelfcloud eval retrieval`).

    /usr/bin/python3 src/training/baseline_hsv.py --gallery G --queries Q [--json out.json]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

import common
from train_embedder import retrieval


def features(path: Path, size=96) -> np.ndarray:
    im = Image.open(path).convert("RGB").resize((size, size), Image.BILINEAR).convert("HSV")
    a = np.asarray(im)
    h = size // 2
    out = []
    for y in (0, h):
        for x in (0, h):
            cell = a[y:y + h, x:x + h].reshape(-1, 3)
            hist, _ = np.histogramdd(cell, bins=(16, 4, 4), range=((0, 256), (0, 256), (0, 256)))
            out.append(hist.ravel() / len(cell))
    v = np.concatenate(out).astype(np.float32)
    return v / (np.linalg.norm(v) + 1e-9)


def run(gallery: Path, queries: Path) -> dict:
    g = common.image_folder(gallery)
    q = common.image_folder(queries)
    gv = torch.from_numpy(np.stack([features(p) for p, _ in g]))
    qv = torch.from_numpy(np.stack([features(p) for p, _ in q]))
    top1, top5 = retrieval(qv, [c for _, c in q], gv, [c for _, c in g])
    return {"top1": round(top1, 4), "top5": round(top5, 4), "queries": len(q), "gallery": len(g)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gallery", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--json")
    args = ap.parse_args()
    figures = run(Path(args.gallery), Path(args.queries))
    print(json.dumps(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
