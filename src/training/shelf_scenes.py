"""Realistic training scenes for the shelf detector (2.x), built from `shelfcloud synth` shelves.

Real shelf photos differ from the synthetic shelves in three ways the detector must learn:
- density: 6-12 rows and 100-270 products per photo, not 4 rows of large packs. Scenes stack 1-3 synthetic
  shelves (or place two side by side) in one portrait or landscape frame;
- what surrounds the shelf: floors (speckled terrazzo, tiles, glossy reflections), ceilings (panels, light
  strips), pillars. These are added as unlabelled bands: hard negatives, the places detector 1.0 put boxes;
- pack textures: real packaging. A share of the product boxes get a real product photo (Grocery Store iconic
  packshots and train photos) pasted into their box.

Each scene is returned letterboxed into a square of `size` (pad 114, like the product's letterbox) with boxes
[class, x1, y1, x2, y2] in its pixels.
"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from common import IMAGE_EXTENSIONS

PAD = (114, 114, 114)


def load_pack_textures(grocery_root: Path | None, limit: int = 1200, seed: int = 0) -> list[Image.Image]:
    """Small RGB product photos: iconic packshots whole, in-store train photos centre-cropped to the product."""
    if grocery_root is None:
        return []
    rng = random.Random(seed)
    iconic = [p for p in (grocery_root / "iconic-images-and-descriptions").rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS]
    store = [p for p in (grocery_root / "train").rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS]
    rng.shuffle(store)
    textures = []
    for p in iconic + store[: max(0, limit - len(iconic))]:
        im = Image.open(p).convert("RGB")
        if p in iconic:
            im = im.crop(im.getbbox() or (0, 0, *im.size))
        else:  # the product fills the middle of the in-store photos
            w, h = im.size
            im = im.crop((int(w * 0.2), int(h * 0.15), int(w * 0.8), int(h * 0.85)))
        im.thumbnail((96, 128))
        textures.append(im)
    return textures


def read_yolo_boxes(label_path: Path, w: int, h: int) -> list[list[float]]:
    boxes = []
    if label_path.exists():
        for line in label_path.read_text().split("\n"):
            parts = line.split()
            if len(parts) == 5:
                c, cx, cy, bw, bh = int(parts[0]), *map(float, parts[1:])
                boxes.append([c, (cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w, (cy + bh / 2) * h])
    return boxes


class SceneBuilder:
    def __init__(self, shelf_images: list[Path], labels_dir: Path, textures: list[Image.Image], seed: int):
        self.shelves = shelf_images
        self.labels_dir = labels_dir
        self.textures = textures
        self.rng = random.Random(seed)

    def build(self, size: int) -> tuple[np.ndarray, list[list[float]]]:
        r = self.rng
        portrait = r.random() < 0.6
        cw, ch = (int(size * 0.75), size) if portrait else (size, int(size * 0.75))
        canvas = Image.new("RGB", (cw, ch))
        top = int(ch * r.uniform(0.05, 0.22)) if r.random() < 0.55 else 0
        bottom = int(ch * r.uniform(0.06, 0.3)) if r.random() < 0.65 else 0
        self._ceiling(canvas, top)
        self._floor(canvas, ch - bottom, ch)
        boxes = self._shelves(canvas, top, ch - bottom)
        if r.random() < 0.3:
            self._pillar(canvas, boxes)
        out = Image.new("RGB", (size, size), PAD)
        px, py = (size - cw) // 2, (size - ch) // 2
        out.paste(canvas, (px, py))
        return np.asarray(out, dtype=np.uint8), [[c, x1 + px, y1 + py, x2 + px, y2 + py] for c, x1, y1, x2, y2 in boxes]

    def _shelves(self, canvas: Image.Image, y0: int, y1: int) -> list[list[float]]:
        r = self.rng
        cw = canvas.width
        stack = r.choice([1, 2, 2, 3, 3]) if canvas.height > canvas.width else r.choice([1, 1, 2])
        side = 2 if (canvas.width >= canvas.height and r.random() < 0.5) else 1
        boxes: list[list[float]] = []
        cell_h = (y1 - y0) / stack
        cell_w = cw / side
        for row in range(stack):
            for col in range(side):
                path = r.choice(self.shelves)
                shelf = Image.open(path).convert("RGB")
                labels = read_yolo_boxes(self.labels_dir / (path.stem + ".txt"), *shelf.size)
                self._retexture(shelf, labels)
                # Crop a band of the synthetic shelf (whole rows most of the time), stretch mildly to the cell.
                crop_top = r.uniform(0, 0.15) * shelf.height
                crop_bottom = shelf.height - r.uniform(0, 0.1) * shelf.height
                crop = shelf.crop((0, int(crop_top), shelf.width, int(crop_bottom)))
                tw, th = int(cell_w), int(cell_h)
                ox, oy = int(col * cell_w), int(y0 + row * cell_h)
                canvas.paste(crop.resize((tw, th), Image.BILINEAR), (ox, oy))
                sx, sy = tw / crop.width, th / crop.height
                for c, bx1, by1, bx2, by2 in labels:
                    nb = [c, bx1 * sx + ox, (by1 - crop_top) * sy + oy, bx2 * sx + ox, (by2 - crop_top) * sy + oy]
                    full_h = by2 - by1
                    vis = min(by2, crop_bottom) - max(by1, crop_top)
                    if vis < 0.6 * full_h:
                        continue
                    nb[2], nb[4] = max(nb[2], oy), min(nb[4], oy + th)
                    boxes.append(nb)
        return boxes

    def _retexture(self, shelf: Image.Image, labels: list[list[float]]) -> None:
        if not self.textures:
            return
        share = self.rng.uniform(0.2, 0.9)
        for c, x1, y1, x2, y2 in labels:
            if c != 0 or self.rng.random() > share:
                continue
            w, h = int(x2 - x1), int(y2 - y1)
            if w < 4 or h < 4:
                continue
            tex = self.rng.choice(self.textures).resize((w, h), Image.BILINEAR)
            shelf.paste(tex, (int(x1), int(y1)))

    def _ceiling(self, canvas: Image.Image, height: int) -> None:
        if height <= 0:
            return
        r = self.rng
        d = ImageDraw.Draw(canvas)
        base = r.randint(150, 235)
        tint = [base + r.randint(-15, 15) for _ in range(3)]
        d.rectangle((0, 0, canvas.width, height), fill=tuple(tint))
        for _ in range(r.randint(0, 4)):  # ceiling panel seams, beams
            y = r.randint(0, height)
            d.line((0, y, canvas.width, y + r.randint(-8, 8)), fill=tuple(v - 60 for v in tint), width=r.randint(1, 4))
        for _ in range(r.randint(1, 6)):  # light strips and panels
            x, y = r.randint(0, canvas.width), r.randint(0, max(1, height - 6))
            w, h = r.randint(20, 120), r.randint(3, 14)
            d.rectangle((x, y, x + w, y + h), fill=(255, 255, r.randint(235, 255)))
        if r.random() < 0.4:  # hanging signs
            x, y = r.randint(0, canvas.width - 40), r.randint(0, height)
            d.rectangle((x, y, x + r.randint(30, 90), y + r.randint(10, 25)),
                        fill=(r.randint(0, 255), r.randint(0, 255), r.randint(0, 255)))

    def _floor(self, canvas: Image.Image, y0: int, y1: int) -> None:
        h = y1 - y0
        if h <= 0:
            return
        r = self.rng
        w = canvas.width
        base = np.array([r.randint(120, 215), r.randint(110, 200), r.randint(95, 190)], dtype=np.float32)
        rows = np.linspace(0.85, 1.1, h, dtype=np.float32)[:, None, None]  # nearer floor is brighter
        floor = np.broadcast_to(base, (h, w, 3)) * rows
        kind = r.random()
        nrng = np.random.default_rng(r.randint(0, 2**31))
        if kind < 0.45:  # terrazzo / speckled vinyl
            speck = nrng.random((h, w)) < r.uniform(0.02, 0.12)
            colours = nrng.integers(20, 235, size=(h, w, 3)).astype(np.float32)
            floor = np.where(speck[..., None], colours, floor)
        elif kind < 0.8:  # tiles in perspective: widening columns, rows closer near the shelf
            floor = floor.copy()
            step = r.randint(18, 60)
            y = 0.0
            gap = 4.0
            while y < h:
                floor[int(y): int(y) + 1] *= 0.7
                y += gap
                gap *= 1.35
            for x in range(0, w, step):
                floor[:, x: x + 1] *= 0.75
        floor = floor + nrng.normal(0, r.uniform(2, 10), floor.shape)
        img = Image.fromarray(floor.clip(0, 255).astype(np.uint8))
        if r.random() < 0.5:  # glossy reflection of the shelf above
            reflection = canvas.crop((0, max(0, y0 - h), w, y0)).transpose(Image.FLIP_TOP_BOTTOM)
            reflection = reflection.resize((w, h)).filter(ImageFilter.GaussianBlur(r.uniform(2, 6)))
            img = Image.blend(img, reflection, r.uniform(0.1, 0.35))
        canvas.paste(img, (0, y0))

    def _pillar(self, canvas: Image.Image, boxes: list[list[float]]) -> None:
        r = self.rng
        w = r.randint(10, 40)
        x = r.choice([0, canvas.width - w, r.randint(0, canvas.width - w)])
        shade = r.randint(60, 230)
        ImageDraw.Draw(canvas).rectangle((x, 0, x + w, canvas.height), fill=(shade, shade, shade))
        boxes[:] = [b for b in boxes if b[3] <= x or b[1] >= x + w or _trim(b, x, x + w)]


def _trim(box: list[float], x1: float, x2: float) -> bool:
    """Cuts a box where a pillar covers it; keeps it when most of it stays visible."""
    width = box[3] - box[1]
    left, right = max(0.0, x1 - box[1]), max(0.0, box[3] - x2)
    if max(left, right) < 0.6 * width:
        return False
    if left >= right:
        box[3] = x1
    else:
        box[1] = x2
    return True
