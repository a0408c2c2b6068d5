"""Reads the JSON files of `shelfcloud recognize --images DIR --out JSONDIR` (the product's own detector path:
letterbox, ONNX, confidence 0.25, class-agnostic NMS 0.45) and
  score:  per-class recall and precision at IoU 0.5 against YOLO labels (e.g. empty-facing recall);
  rows:   real shelves labelled with shelf rows only: share of each row's width covered by product boxes;
  sheets: draws the detections and writes downscaled 3x3 contact-sheet PNGs (product red, empty blue).

    /usr/bin/python3 src/training/detection_report.py score --images I --labels L --pred P [--json F]
    /usr/bin/python3 src/training/detection_report.py sheets --images I --pred P --out docs/models/x --per-sheet 9 --sheets 3
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from PIL import Image, ImageDraw

NAMES = ["product", "empty"]


def load_pred(path: Path):
    data = json.loads(path.read_text())
    return [(d["class"], d["score"], d["box"]) for d in data["detections"]]


def iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def score(args):
    totals = {n: {"labels": 0, "detections": 0, "matched": 0} for n in NAMES}
    images = sorted(Path(args.images).glob("*.jpg"))
    for img in images:
        w, h = Image.open(img).size
        labels = []
        lp = Path(args.labels) / (img.stem + ".txt")
        for line in lp.read_text().splitlines() if lp.exists() else []:
            c, cx, cy, bw, bh = line.split()
            cx, cy, bw, bh = float(cx) * w, float(cy) * h, float(bw) * w, float(bh) * h
            labels.append((NAMES[int(c)], [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2]))
        preds = sorted(load_pred(Path(args.pred) / (img.stem + ".json")), key=lambda p: -p[1])
        for name in NAMES:
            gts = [b for c, b in labels if c == name]
            used = [False] * len(gts)
            dets = [b for c, _, b in preds if c == name]
            totals[name]["labels"] += len(gts)
            totals[name]["detections"] += len(dets)
            for d in dets:
                best, bi = 0.5, -1
                for i, g in enumerate(gts):
                    if not used[i] and iou(d, g) >= best:
                        best, bi = iou(d, g), i
                if bi >= 0:
                    used[bi] = True
                    totals[name]["matched"] += 1
    for t in totals.values():
        t["recall"] = round(t["matched"] / t["labels"], 4) if t["labels"] else None
        t["precision"] = round(t["matched"] / t["detections"], 4) if t["detections"] else None
    result = {"images": len(images), "iou": 0.5, "confidence": 0.25, "per_class": totals}
    print(json.dumps(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


def sheets(args):
    images = sorted(Path(args.images).glob("*.jpg"))
    tile = args.tile
    counts = []
    for s in range(args.sheets):
        chunk = images[s * args.per_sheet:(s + 1) * args.per_sheet]
        if not chunk:
            break
        cols = 3
        rows = (len(chunk) + cols - 1) // cols
        sheet = Image.new("RGB", (cols * tile, rows * tile), (255, 255, 255))
        for k, img in enumerate(chunk):
            im = Image.open(img).convert("RGB")
            preds = load_pred(Path(args.pred) / (img.stem + ".json"))
            d = ImageDraw.Draw(im)
            lw = max(2, im.width // 400)
            for c, _, b in preds:
                d.rectangle(b, outline=(230, 30, 30) if c == "product" else (30, 80, 255), width=lw)
            im.thumbnail((tile - 4, tile - 4))
            sheet.paste(im, ((k % cols) * tile + (tile - im.width) // 2, (k // cols) * tile + (tile - im.height) // 2))
            counts.append(len(preds))
        out = Path(f"{args.out}_{s + 1}.png")
        sheet = sheet.quantize(colors=256, method=Image.MEDIANCUT)  # palette PNG keeps sheets < 1 MB
        sheet.save(out, optimize=True)
        print(f"wrote {out} ({out.stat().st_size / 1e3:.0f} kB)")
    all_counts = [len(load_pred(Path(args.pred) / (i.stem + ".json"))) for i in images]
    print(json.dumps({"images": len(images), "detections_mean": round(sum(all_counts) / len(all_counts), 1),
                      "detections_min": min(all_counts), "detections_max": max(all_counts)}))


def rows(args):
    """Real shelves with shelf-row labels only: how much of each labelled row's width is covered by product boxes
    whose centre lies in the row (a proxy for product recall where no product boxes exist)."""
    coverages, counts = [], []
    for lp in sorted(Path(args.labels).glob("*.txt")):
        img = Path(args.images) / (lp.stem + ".jpg")
        w, h = Image.open(img).size
        preds = [b for c, _, b in load_pred(Path(args.pred) / (lp.stem + ".json")) if c == "product"]
        for line in lp.read_text().splitlines():
            _, cx, cy, bw, bh = map(float, line.split())
            x1, y1, x2, y2 = (cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w, (cy + bh / 2) * h
            inside = [b for b in preds if x1 <= (b[0] + b[2]) / 2 <= x2 and y1 <= (b[1] + b[3]) / 2 <= y2]
            covered = [False] * max(1, int(x2 - x1))
            for b in inside:
                for x in range(max(0, int(b[0] - x1)), min(len(covered), int(b[2] - x1))):
                    covered[x] = True
            coverages.append(sum(covered) / len(covered))
            counts.append(len(inside))
    result = {"rows": len(coverages), "mean_width_covered": round(sum(coverages) / len(coverages), 4),
              "rows_covered_over_50pct": round(sum(c > 0.5 for c in coverages) / len(coverages), 4),
              "mean_products_per_row": round(sum(counts) / len(counts), 1)}
    print(json.dumps(result))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("score")
    a.add_argument("--images", required=True)
    a.add_argument("--labels", required=True)
    a.add_argument("--pred", required=True)
    a.add_argument("--json")
    b = sub.add_parser("sheets")
    b.add_argument("--images", required=True)
    b.add_argument("--pred", required=True)
    b.add_argument("--out", required=True, help="path prefix; _1.png, _2.png ... are appended")
    b.add_argument("--per-sheet", type=int, default=9)
    b.add_argument("--sheets", type=int, default=3)
    b.add_argument("--tile", type=int, default=360)
    r = sub.add_parser("rows")
    r.add_argument("--images", required=True)
    r.add_argument("--labels", required=True)
    r.add_argument("--pred", required=True)
    args = ap.parse_args()
    {"score": score, "sheets": sheets, "rows": rows}[args.cmd](args)


if __name__ == "__main__":
    main()
