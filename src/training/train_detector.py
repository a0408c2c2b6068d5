"""Trains ShelfCloud's default shelf detector from scratch and exports it in the Ultralytics YOLOv8 ONNX layout.

Model: a small anchor-free single-stage detector (TTFNet/CenterNet-style) with one stride-8 output fed by a
stride-8/16/32 feature pyramid; per cell a heatmap score for each class (product, empty facing) and the distances
to the box's four sides. Targets: elliptical Gaussians (alpha 0.54) for the heatmap (focal loss) and GIoU on
the box distances inside each Gaussian. The exported graph decodes its own head: output [N, 4+2, A] =
cx, cy, w, h in input pixels, then sigmoid class scores kept only at 3x3 local maxima (peak extraction), so
the product's YOLO decoder and class-agnostic NMS read it like a YOLOv8 export.

Data: YOLO-labelled shelves from `shelfcloud synth --seed 1 --shelves 500`, letterboxed once to --imgsz
(pad 114) and kept in memory as uint8; each batch is augmented with tensor ops (random scale 0.45-1.4 and
translation via grid_sample, flips, colour jitter, blur, noise).

CPU (default, ~20 min on 2 cores):
    /usr/bin/python3 src/training/train_detector.py --data /tmp/det_train --out src/ShelfCloud.Vision/Models
GPU, full size (see README): --device cuda --width 2 --imgsz 640 --train-size 640 --batch 32 --steps 30000
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

import common
from common import Block, cbr

NAMES = ["product", "empty"]
PAD = 114 / 255
STRIDE = 8


class Detector(nn.Module):
    def __init__(self, width=1.0, classes=2):
        super().__init__()
        c = [int(v * width) for v in (16, 32, 48, 96, 128)]
        n = int(48 * width)
        self.s8 = nn.Sequential(cbr(3, c[0], 2), cbr(c[0], c[1], 2), cbr(c[1], c[2], 2), Block(c[2]))
        self.s16 = nn.Sequential(cbr(c[2], c[3], 2), Block(c[3]))
        self.s32 = nn.Sequential(cbr(c[3], c[4], 2), Block(c[4]))
        self.l8, self.l16, self.l32 = nn.Conv2d(c[2], n, 1), nn.Conv2d(c[3], n, 1), nn.Conv2d(c[4], n, 1)
        self.neck = cbr(n, n)
        self.hm = nn.Sequential(cbr(n, n), nn.Conv2d(n, classes, 1))
        self.reg = nn.Sequential(cbr(n, n), nn.Conv2d(n, 4, 1))
        nn.init.constant_(self.hm[-1].bias, -2.19)

    def forward(self, x):
        f8 = self.s8(x)
        f16 = self.s16(f8)
        f32 = self.s32(f16)
        p = self.l16(f16) + F.interpolate(self.l32(f32), size=f16.shape[2:], mode="nearest")
        p = self.l8(f8) + F.interpolate(p, size=f8.shape[2:], mode="nearest")
        p = self.neck(p)
        # Heatmap logits, and box side distances in stride units (exp keeps them positive).
        return self.hm(p), torch.exp(self.reg(p).clamp(max=6.0))


class PretrainedDetector(nn.Module):
    """Detector 2.x: the ImageNet ResNet-18 of the package up to layer3 as backbone (stages up to `frozen_stage`
    frozen with their ImageNet BatchNorm statistics, the later ones fine-tuned at a lower rate), a light stride-32
    block on top instead of layer4 (which holds 8.4 of the 11.7 M parameters), the stride-8/16/32 maps merged at
    stride 8, and the same heatmap + box-distance head as the from-scratch detector."""

    def __init__(self, classes=2, neck=64, frozen_stage=1):
        super().__init__()
        from pretrained_resnet import ImageNetResNet18
        self.backbone = ImageNetResNet18()
        self.backbone.freeze_up_to(frozen_stage)
        self.frozen_stage = frozen_stage
        self.s32 = nn.Sequential(cbr(256, 256, 2), Block(256))
        self.l8, self.l16, self.l32 = nn.Conv2d(128, neck, 1), nn.Conv2d(256, neck, 1), nn.Conv2d(256, neck, 1)
        self.neck = cbr(neck, neck)
        self.hm = nn.Sequential(cbr(neck, neck), nn.Conv2d(neck, classes, 1))
        self.reg = nn.Sequential(cbr(neck, neck), nn.Conv2d(neck, 4, 1))
        nn.init.constant_(self.hm[-1].bias, -2.19)

    def head_parameters(self):
        return [p for n, p in self.named_parameters() if not n.startswith("backbone.")]

    def forward(self, x):
        with torch.no_grad():  # the frozen stages need no graph for backward
            frozen = self.backbone(x, up_to=self.frozen_stage)[-1]
        f8, f16 = ([frozen] + self.backbone.forward_from(frozen, self.frozen_stage, up_to=3))[-2:]
        f32 = self.s32(f16)
        p = self.l16(f16) + F.interpolate(self.l32(f32), size=f16.shape[2:], mode="nearest")
        p = self.l8(f8) + F.interpolate(p, size=f8.shape[2:], mode="nearest")
        p = self.neck(p)
        return self.hm(p), torch.exp(self.reg(p).clamp(max=6.0))


class Exported(nn.Module):
    """Head decoding inside the graph: [N, 4+C, A] with boxes in input pixels and peak-masked sigmoid scores."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, images):
        hm, ltrb = self.net(images)
        scores = torch.sigmoid(hm)
        peaks = (F.max_pool2d(scores, 3, 1, 1) == scores).float()
        scores = scores * peaks
        n, c, h, w = scores.shape
        ys = (torch.arange(h, dtype=torch.float32, device=hm.device) + 0.5) * STRIDE
        xs = (torch.arange(w, dtype=torch.float32, device=hm.device) + 0.5) * STRIDE
        gx = xs.view(1, 1, w).expand(1, h, w)
        gy = ys.view(1, h, 1).expand(1, h, w)
        d = ltrb * STRIDE
        x1, y1, x2, y2 = gx - d[:, 0], gy - d[:, 1], gx + d[:, 2], gy + d[:, 3]
        boxes = torch.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], dim=1)
        return torch.cat([boxes, scores], dim=1).flatten(2)


def letterbox(path: Path, size: int):
    im = Image.open(path).convert("RGB")
    w, h = im.size
    r = min(size / w, size / h)
    nw, nh = round(w * r), round(h * r)
    canvas = Image.new("RGB", (size, size), (114, 114, 114))
    px, py = (size - nw) // 2, (size - nh) // 2
    canvas.paste(im.resize((nw, nh), Image.BILINEAR), (px, py))
    return np.asarray(canvas, dtype=np.uint8), (w, h, r, px, py)


def read_labels(path: Path, w, h, r, px, py):
    """YOLO labels as [class, x1, y1, x2, y2] in the pixels of the letterboxed image."""
    from shelf_scenes import read_yolo_boxes
    boxes = [[c, x1 * r + px, y1 * r + py, x2 * r + px, y2 * r + py] for c, x1, y1, x2, y2 in read_yolo_boxes(path, w, h)]
    return torch.tensor(boxes, dtype=torch.float32).reshape(-1, 5)


def load_dataset(root: Path, size: int, limit: int | None = None, scenes: int = 0, grocery: Path | None = None,
                 seed: int = 1):
    """The synthetic shelves letterboxed, plus `scenes` realistic composites of them (see shelf_scenes.py)."""
    images_dir, labels_dir = root / "shelves" / "images", root / "shelves" / "labels"
    paths = sorted(images_dir.glob("*.jpg"))[:limit]
    arrays, targets = [], []
    for p in paths:
        a, geo = letterbox(p, size)
        arrays.append(a)
        targets.append(read_labels(labels_dir / (p.stem + ".txt"), *geo))
    if scenes:
        import shelf_scenes
        builder = shelf_scenes.SceneBuilder(paths, labels_dir, shelf_scenes.load_pack_textures(grocery, seed=seed), seed)
        for _ in range(scenes):
            a, boxes = builder.build(size)
            arrays.append(a)
            targets.append(torch.tensor(boxes, dtype=torch.float32).reshape(-1, 5))
    return common.to_uint8_tensor(arrays), targets


def augment(images_u8, targets, out_size, g, scale=(0.45, 1.4)):
    """Random zoom/translation/flip as an affine grid (boxes follow), photometric noise; pad stays 114."""
    n, _, h, w = images_u8.shape
    x = images_u8.float() / 255 - PAD
    s = torch.exp(torch.empty(n).uniform_(math.log(scale[0]), math.log(scale[1]), generator=g))  # zoom factor
    flip = torch.rand(n, generator=g) < 0.5
    # Output pixel u (0..out) maps to input pixel  u / s + o ; choose offset o so the view stays near the image.
    span = out_size / s
    ox = (w - span) * torch.rand(n, generator=g)
    oy = (h - span) * torch.rand(n, generator=g)
    theta = torch.zeros(n, 2, 3)
    # affine_grid works in normalised coords [-1, 1] (align_corners=False).
    theta[:, 0, 0] = span / w * torch.where(flip, -1.0, 1.0)
    theta[:, 1, 1] = span / h
    theta[:, 0, 2] = (ox + span / 2) / w * 2 - 1
    theta[:, 1, 2] = (oy + span / 2) / h * 2 - 1
    grid = F.affine_grid(theta, (n, 3, out_size, out_size), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False) + PAD
    x = common.colour_jitter(x.clamp(0, 1), 0.3, 0.3, 0.3, generator=g)
    x = common.random_blur(x, 0.3, generator=g)
    x = common.random_noise(x, 0.03, generator=g)
    out = []
    for i, t in enumerate(targets):
        b = t.clone()
        if len(b):
            b[:, [1, 3]] = (b[:, [1, 3]] - ox[i]) * s[i]
            b[:, [2, 4]] = (b[:, [2, 4]] - oy[i]) * s[i]
            if flip[i]:
                b[:, [1, 3]] = out_size - b[:, [3, 1]]
            vis_w = (b[:, 3].clamp(0, out_size) - b[:, 1].clamp(0, out_size))
            vis_h = (b[:, 4].clamp(0, out_size) - b[:, 2].clamp(0, out_size))
            keep = (vis_w * vis_h) > 0.6 * (b[:, 3] - b[:, 1]) * (b[:, 4] - b[:, 2])
            b = b[keep]
            b[:, 1:] = b[:, 1:].clamp(0, out_size)
            b = b[((b[:, 3] - b[:, 1]) > 2) & ((b[:, 4] - b[:, 2]) > 2)]
        out.append(b)
    return x, out


def build_targets(targets, out_size, classes=2, alpha=0.54):
    """Heatmap [N,C,H,W], box targets [N,4,H,W] (x1,y1,x2,y2 input px) and regression weights [N,H,W]."""
    n, hw = len(targets), out_size // STRIDE
    heat = torch.zeros(n, classes, hw, hw)
    box_t = torch.zeros(n, 4, hw, hw)
    weight = torch.zeros(n, hw, hw)
    ys = torch.arange(hw, dtype=torch.float32).view(hw, 1)
    xs = torch.arange(hw, dtype=torch.float32).view(1, hw)
    for i, t in enumerate(targets):
        if not len(t):
            continue
        areas = (t[:, 3] - t[:, 1]) * (t[:, 4] - t[:, 2])
        for j in torch.argsort(areas, descending=True).tolist():  # small boxes win shared cells
            c, x1, y1, x2, y2 = t[j].tolist()
            cx, cy = (x1 + x2) / 2 / STRIDE - 0.5, (y1 + y2) / 2 / STRIDE - 0.5
            sx = max(alpha * (x2 - x1) / STRIDE / 6, 0.3)
            sy = max(alpha * (y2 - y1) / STRIDE / 6, 0.3)
            gauss = torch.exp(-((xs - cx) ** 2) / (2 * sx * sx) - ((ys - cy) ** 2) / (2 * sy * sy))
            ci, cj = int(round(cy)), int(round(cx))
            if 0 <= ci < hw and 0 <= cj < hw:
                gauss[ci, cj] = 1.0
            heat[i, int(c)] = torch.maximum(heat[i, int(c)], gauss)
            region = gauss > 0.1
            box_t[i, :, region] = torch.tensor([x1, y1, x2, y2]).view(4, 1)
            weight[i][region] = gauss[region] * math.log(max(areas[j].item(), 2.0))
    return heat, box_t, weight


def focal_loss(logits, heat):
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    pos = heat.eq(1).float()
    neg = 1 - pos
    pos_loss = torch.log(p) * (1 - p) ** 2 * pos
    neg_loss = torch.log(1 - p) * p ** 2 * (1 - heat) ** 4 * neg
    return -(pos_loss.sum() + neg_loss.sum()) / pos.sum().clamp(min=1)


def giou_loss(ltrb, box_t, weight):
    n, _, h, w = ltrb.shape
    mask = weight > 0
    if not mask.any():
        return ltrb.sum() * 0
    dev = ltrb.device
    gy = ((torch.arange(h, dtype=torch.float32, device=dev) + 0.5) * STRIDE).view(1, h, 1).expand(n, h, w)
    gx = ((torch.arange(w, dtype=torch.float32, device=dev) + 0.5) * STRIDE).view(1, 1, w).expand(n, h, w)
    d = ltrb * STRIDE
    px1, py1, px2, py2 = gx - d[:, 0], gy - d[:, 1], gx + d[:, 2], gy + d[:, 3]
    tx1, ty1, tx2, ty2 = box_t[:, 0], box_t[:, 1], box_t[:, 2], box_t[:, 3]
    iw = (torch.minimum(px2, tx2) - torch.maximum(px1, tx1)).clamp(min=0)
    ih = (torch.minimum(py2, ty2) - torch.maximum(py1, ty1)).clamp(min=0)
    inter = iw * ih
    union = (px2 - px1) * (py2 - py1) + (tx2 - tx1) * (ty2 - ty1) - inter
    iou = inter / union.clamp(min=1e-6)
    enclose = (torch.maximum(px2, tx2) - torch.minimum(px1, tx1)) * (torch.maximum(py2, ty2) - torch.minimum(py1, ty1))
    giou = iou - (enclose - union) / enclose.clamp(min=1e-6)
    return ((1 - giou) * weight)[mask].sum() / weight[mask].sum()


def build_net(args):
    return PretrainedDetector(frozen_stage=args.frozen_stage) if args.backbone == "resnet18" else Detector(args.width)


def export(net, args, out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "detector.onnx"
    model = Exported(net).eval()
    size = args.export_size
    dummy = torch.zeros(1, 3, size, size)
    torch.onnx.export(model, dummy, str(path), input_names=["images"], output_names=["output0"],
                      dynamic_axes={"images": {0: "batch"}, "output0": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    names = "{" + ", ".join(f"{i}: '{n}'" for i, n in enumerate(NAMES)) + "}"
    meta = {"name": "shelfcloud-detector-r18" if args.backbone == "resnet18" else "shelfcloud-detector-s", "version": args.version, "imgsz": f"[{size}, {size}]",
            "names": names, "stride": str(STRIDE), "task": "detect"}
    common.add_metadata(path, meta)
    # torch leaves the flattened output dims symbolic; write the static [batch, 4+C, A] shape readers expect.
    import onnx
    model_proto = onnx.load(str(path))
    dims = model_proto.graph.output[0].type.tensor_type.shape.dim
    dims[1].dim_value, dims[2].dim_value = 4 + len(NAMES), (size // STRIDE) ** 2
    onnx.checker.check_model(model_proto)
    onnx.save(model_proto, str(path))
    card = {"name": meta["name"], "version": args.version, "imgsz": [size, size],
            "names": {str(i): n for i, n in enumerate(NAMES)}, "mean": [0, 0, 0], "std": [1, 1, 1], "precision": "fp32"}
    if args.backbone == "resnet18":
        from pretrained_resnet import LICENCE
        card["backbone_licence"] = LICENCE
    (out_dir / "detector.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"exported {path} ({path.stat().st_size / 1e6:.2f} MB)", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="output folder of `shelfcloud synth` (shelves/images, shelves/labels)")
    ap.add_argument("--out", default="src/ShelfCloud.Vision/Models")
    ap.add_argument("--imgsz", type=int, default=416, help="letterbox size of the stored training images")
    ap.add_argument("--export-size", type=int, default=640,
                    help="input size of the exported graph (fully convolutional: 640 sees products 1.5x larger than "
                         "training at 416, which scored best on held-out synthetic shelves and suits dense real shelves)")
    ap.add_argument("--train-size", type=int, default=320, help="side of the random training views")
    ap.add_argument("--width", type=float, default=1.0, help="channel width of the from-scratch backbone")
    ap.add_argument("--backbone", choices=["scratch", "resnet18"], default="scratch",
                    help="resnet18: the ImageNet ResNet-18 of the NuGet package (detector 2.x)")
    ap.add_argument("--frozen-stage", type=int, default=2, help="resnet18: stages up to this one stay frozen (1 = stem+layer1)")
    ap.add_argument("--backbone-lr", type=float, default=0.1, help="resnet18: learning rate of the fine-tuned stages, relative to --lr")
    ap.add_argument("--scenes", type=int, default=0, help="also train on this many realistic composite scenes (shelf_scenes.py)")
    ap.add_argument("--grocery", help="Grocery Store dataset root: real pack textures for the scenes")
    ap.add_argument("--scale", type=float, nargs=2, default=[0.45, 1.4], help="random zoom range of the training views")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=2500)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--max-minutes", type=float, default=19, help="time budget: the LR schedule follows steps or time, whichever runs out first")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--save", help="also save the PyTorch weights here")
    ap.add_argument("--export-only", help="skip training: export these saved weights (--save of an earlier run)")
    ap.add_argument("--log", help="JSON file for the training log")
    args = ap.parse_args()

    common.set_threads(args.threads)
    if args.export_only:
        net = build_net(args)
        net.load_state_dict(torch.load(args.export_only, map_location="cpu"))
        export(net.eval(), args, Path(args.out))
        return
    common.seed_everything(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    t = time.time()
    images, targets = load_dataset(Path(args.data), args.imgsz, scenes=args.scenes,
                                   grocery=Path(args.grocery) if args.grocery else None, seed=args.seed)
    print(f"loaded {len(images)} shelves, {sum(len(x) for x in targets)} boxes in {time.time() - t:.0f}s", flush=True)
    dev = torch.device(args.device)
    net = build_net(args).to(dev)
    params = sum(p.numel() for p in net.parameters())
    print(f"detector parameters: {params / 1e6:.2f} M", flush=True)
    if args.backbone == "resnet18":
        tuned = [p for p in net.backbone.parameters() if p.requires_grad]
        groups = [{"params": net.head_parameters(), "scale": 1.0}, {"params": tuned, "scale": args.backbone_lr}]
    else:
        groups = [{"params": list(net.parameters()), "scale": 1.0}]
    opt = torch.optim.AdamW(groups, lr=args.lr, weight_decay=5e-4)
    start, history = time.time(), []
    for step in range(1, args.steps + 1):
        progress = max((step - 1) / args.steps, (time.time() - start) / 60 / args.max_minutes)
        lr = args.lr * min(1.0, step / 100) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
        for group in opt.param_groups:
            group["lr"] = lr * group["scale"]
        idx = torch.randint(len(images), (args.batch,), generator=g)
        x, boxes = augment(images[idx], [targets[i] for i in idx.tolist()], args.train_size, g, scale=tuple(args.scale))
        heat, box_t, weight = build_targets(boxes, args.train_size)
        net.train()
        hm, ltrb = net(x.to(dev))
        l_hm = focal_loss(hm, heat.to(dev))
        l_box = giou_loss(ltrb, box_t.to(dev), weight.to(dev))
        loss = l_hm + 5.0 * l_box
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
        opt.step()
        elapsed = time.time() - start
        if step % 25 == 0:
            history.append({"step": step, "heat": round(l_hm.item(), 4), "giou": round(l_box.item(), 4), "minutes": round(elapsed / 60, 2)})
            print(f"step {step}/{args.steps} heat {l_hm.item():.3f} giou {l_box.item():.3f} lr {lr:.2e} "
                  f"{step * args.batch / elapsed:.1f} img/s {elapsed / 60:.1f} min", flush=True)
        if args.save and step % 100 == 0:  # a checkpoint survives an interrupted run (export it with --export-only)
            torch.save(net.state_dict(), args.save)
        if progress >= 1.0 or elapsed / 60 > args.max_minutes:
            print(f"stopping at step {step}: time budget reached", flush=True)
            break
    minutes = (time.time() - start) / 60
    print(f"training took {minutes:.1f} min", flush=True)
    net.cpu().eval()
    if args.save:
        torch.save(net.state_dict(), args.save)
    export(net, args, Path(args.out))
    if args.log:
        Path(args.log).write_text(json.dumps({"args": vars(args), "params": params, "minutes": minutes,
                                              "steps_done": step, "history": history}, indent=2))


if __name__ == "__main__":
    main()
