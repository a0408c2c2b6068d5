"""Trains ShelfCloud's default product embedder from scratch (no pretrained weights) and exports it to ONNX.

A compact ResNet-like CNN (input S x S, default 112; 128-d L2-normalised output) trained with an ArcFace head on
the Grocery Store train split (class = parent folder) plus synthetic shelf crops and packshots from
`shelfcloud synth`. All images are decoded once into uint8 tensors; every batch is augmented with tensor ops
(affine random-resized-crop/rotation/flip via grid_sample, colour jitter, blur, noise, cutout).
Model selection uses Grocery Store val only.

CPU (default, ~20 min on 2 cores):
    /usr/bin/python3 src/training/train_embedder.py --synthetic /tmp/emb_syn --out src/ShelfCloud.Vision/Models
GPU, full size (see README): --device cuda --width 2 --imgsz 160 --steps 20000 --batch 256 --threads 8
"""
from __future__ import annotations

import argparse
import json
import math
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import common

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def cbr(i, o, s=1, k=3):
    return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = cbr(c, c)
        self.b = nn.Sequential(nn.Conv2d(c, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return torch.relu(x + self.b(self.a(x)))


class Embedder(nn.Module):
    """Stem s2 -> three downsampling stages with a residual block each -> GeM pooling -> FC -> BN."""

    def __init__(self, dim=128, width=1.0, blocks=1):
        super().__init__()
        w = [int(c * width) for c in (24, 48, 96, 192)]
        layers = [cbr(3, w[0], 2)]
        for a, b in zip(w[:-1], w[1:]):
            layers.append(cbr(a, b, 2))
            layers += [Block(b) for _ in range(blocks)]
        self.features = nn.Sequential(*layers)
        self.p = nn.Parameter(torch.tensor(3.0))
        self.fc = nn.Linear(w[-1], dim, bias=False)
        self.bn = nn.BatchNorm1d(dim)

    def forward(self, x):
        f = self.features(x).clamp(min=1e-6)
        f = f.pow(self.p).mean(dim=(2, 3)).pow(1.0 / self.p)
        return self.bn(self.fc(f))


class Exported(nn.Module):
    """What goes into the ONNX file: normalised input in, unit-length embedding out."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return F.normalize(self.net(x), dim=1)


class ArcFace(nn.Module):
    def __init__(self, dim, classes, s=30.0, m=0.3):
        super().__init__()
        self.w = nn.Parameter(torch.randn(classes, dim) * 0.01)
        self.s, self.m = s, m

    def forward(self, emb, labels, margin_scale=1.0):
        cos = F.linear(F.normalize(emb), F.normalize(self.w)).clamp(-1 + 1e-7, 1 - 1e-7)
        m = self.m * margin_scale
        target = torch.cos(torch.acos(cos.gather(1, labels[:, None])) + m)
        logits = cos.scatter(1, labels[:, None], target) * self.s
        return F.cross_entropy(logits, labels, label_smoothing=0.05)


def load_folder(items, size):
    arrays = [common.load_rgb(p, size) for p, _ in items]
    return common.to_uint8_tensor(arrays)


def load_data(args):
    grocery = common.image_folder(Path(args.grocery) / "train")
    val = common.image_folder(Path(args.grocery) / "val")
    iconic = [(p, c) for p, c in common.image_folder(Path(args.grocery) / "iconic-images-and-descriptions")]
    items, labels, sources = [], [], []
    classes: dict[str, int] = {}
    held_out = set(sorted({c for _, c in grocery})[::args.holdout_every]) if args.holdout_every else set()
    if held_out:
        print(f"holding {len(held_out)} Grocery Store classes out of training: {sorted(held_out)}", flush=True)
    for p, c in grocery:
        if c in held_out:
            continue
        labels.append(classes.setdefault("g:" + c, len(classes)))
        items.append((p, c))
        sources.append(0)
    if args.synthetic:
        syn = Path(args.synthetic)
        per_class = defaultdict(list)
        for p, c in common.image_folder(syn / "crops"):
            per_class[c].append(p)
        rng = np.random.default_rng(args.seed)
        for c in sorted(per_class):
            paths = per_class[c]
            chosen = rng.choice(len(paths), size=min(len(paths), args.crops_per_sku), replace=False)
            for i in sorted(chosen):
                items.append((paths[i], c))
                labels.append(classes.setdefault("s:" + c, len(classes)))
                sources.append(1)
        for p in sorted((syn / "packshots").glob("*.png")):
            key = "s:" + p.stem
            if key in classes:
                for _ in range(args.packshot_copies):
                    items.append((p, p.stem))
                    labels.append(classes[key])
                    sources.append(1)
    t = time.time()
    store = args.imgsz + args.imgsz // 8
    images = load_folder(items, store)
    print(f"loaded {len(items)} training images ({sum(1 for s in sources if s == 0)} grocery) of {len(classes)} classes "
          f"at {store}px in {time.time() - t:.0f}s", flush=True)
    val_images = load_folder(val, args.imgsz)
    gallery_images = load_folder(grocery, args.imgsz)
    iconic_images = load_folder(iconic, args.imgsz)
    return (images, torch.tensor(labels), torch.tensor(sources), len(classes),
            (gallery_images, [c for _, c in grocery]), (val_images, [c for _, c in val]),
            (iconic_images, [c for _, c in iconic]))


def normalise(x):
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def augment(batch_u8, size, g):
    x = batch_u8.float() / 255
    grid = common.random_affine_grid(x.shape[0], (size, size), scale=(0.55, 1.0), rotate=12, flip_p=0.3, generator=g)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    x = common.colour_jitter(x, 0.35, 0.35, 0.3, generator=g)
    x = common.random_blur(x, 0.3, generator=g)
    x = common.random_noise(x, 0.03, generator=g)
    x = common.cutout(x, 0.5, 0.4, fill=0.5, generator=g)
    return normalise(x)


@torch.no_grad()
def embed(net, images, batch=128):
    net.eval()
    out = [F.normalize(net(normalise(images[i:i + batch].float() / 255)), dim=1) for i in range(0, len(images), batch)]
    return torch.cat(out)


def retrieval(query_vecs, query_classes, gallery_vecs, gallery_classes):
    """Top-1/top-5 of naming the class by its best per-class similarity (what `shelfcloud eval retrieval` does)."""
    names = sorted(set(gallery_classes))
    index = {c: i for i, c in enumerate(names)}
    sim = query_vecs @ gallery_vecs.T
    per_class = torch.full((len(query_vecs), len(names)), -2.0)
    gidx = torch.tensor([index[c] for c in gallery_classes])
    per_class = per_class.scatter_reduce(1, gidx.expand(len(query_vecs), -1), sim, reduce="amax")
    top = per_class.topk(min(5, len(names)), dim=1).indices
    truth = torch.tensor([index.get(c, -1) for c in query_classes])
    top1 = (top[:, 0] == truth).float().mean().item()
    top5 = (top == truth[:, None]).any(dim=1).float().mean().item()
    return top1, top5


def evaluate(net, gallery, val, iconic):
    g = embed(net, gallery[0])
    v = embed(net, val[0])
    i = embed(net, iconic[0])
    t1, t5 = retrieval(v, val[1], g, gallery[1])
    i1, i5 = retrieval(v, val[1], i, iconic[1])
    return {"val_top1_train_gallery": t1, "val_top5_train_gallery": t5, "val_top1_iconic": i1, "val_top5_iconic": i5}


def export(net, args, out_dir: Path, figures: dict):
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "embedder.onnx"
    model = Exported(net).eval()
    dummy = torch.zeros(2, 3, args.imgsz, args.imgsz)
    torch.onnx.export(model, dummy, str(path), input_names=["images"], output_names=["embeddings"],
                      dynamic_axes={"images": {0: "batch"}, "embeddings": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    card = {
        "name": "shelfcloud-embedder-s",
        "version": args.version,
        "imgsz": args.imgsz,
        "mean": MEAN,
        "std": STD,
        "embedding_dim": args.dim,
    }
    common.add_metadata(path, {"name": card["name"], "version": card["version"], "imgsz": str(args.imgsz),
                               "mean": json.dumps(MEAN), "std": json.dumps(STD), "embedding_dim": str(args.dim)})
    (out_dir / "embedder.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"exported {path} ({path.stat().st_size / 1e6:.2f} MB)", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grocery", default="/work/shared/datasets/grocery-store")
    ap.add_argument("--synthetic", help="output folder of `shelfcloud synth` (crops/, packshots/); use a seed >= 100")
    ap.add_argument("--crops-per-sku", type=int, default=30)
    ap.add_argument("--packshot-copies", type=int, default=3)
    ap.add_argument("--out", default="src/ShelfCloud.Vision/Models")
    ap.add_argument("--imgsz", type=int, default=112)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--width", type=float, default=1.0)
    ap.add_argument("--blocks", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=3600)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--grocery-fraction", type=float, default=0.6, help="share of each batch drawn from Grocery Store")
    ap.add_argument("--eval-every", type=int, default=900)
    ap.add_argument("--max-minutes", type=float, default=17, help="time budget: the LR schedule follows steps or time, whichever runs out first")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--log", help="JSON file for the training log")
    ap.add_argument("--holdout-every", type=int, default=0,
                    help="experiment: leave every k-th Grocery Store class (sorted by name) out of training, to measure "
                         "retrieval on classes the embedder never saw (true cold start); not for the shipped model")
    args = ap.parse_args()

    common.set_threads(args.threads)
    common.seed_everything(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    images, labels, sources, n_classes, gallery, val, iconic = load_data(args)
    dev = torch.device(args.device)
    net = Embedder(args.dim, args.width, args.blocks).to(dev)
    head = ArcFace(args.dim, n_classes).to(dev)
    params = sum(p.numel() for p in net.parameters())
    print(f"embedder parameters: {params / 1e6:.2f} M", flush=True)
    opt = torch.optim.AdamW(list(net.parameters()) + list(head.parameters()), lr=args.lr, weight_decay=5e-4)
    groc = torch.nonzero(sources == 0).flatten()
    syn = torch.nonzero(sources == 1).flatten()
    n_groc = int(round(args.batch * args.grocery_fraction)) if len(syn) else args.batch
    log, best, best_state = [], -1.0, None
    start = time.time()
    for step in range(1, args.steps + 1):
        idx = groc[torch.randint(len(groc), (n_groc,), generator=g)]
        if len(syn):
            idx = torch.cat([idx, syn[torch.randint(len(syn), (args.batch - n_groc,), generator=g)]])
        # Progress is steps done or time used, whichever is further: on a busy CPU the cosine schedule still
        # anneals before --max-minutes (the log records where it stopped).
        progress = max((step - 1) / args.steps, (time.time() - start) / 60 / args.max_minutes)
        lr = args.lr * min(1.0, step / 50) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
        for group in opt.param_groups:
            group["lr"] = lr
        x = augment(images[idx], args.imgsz, g).to(dev)
        y = labels[idx].to(dev)
        net.train()
        loss = head(net(x), y, margin_scale=min(1.0, progress / 0.2))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed = time.time() - start
        if step % 25 == 0:
            print(f"step {step}/{args.steps} loss {loss.item():.3f} {step * args.batch / elapsed:.0f} img/s "
                  f"{elapsed / 60:.1f} min", flush=True)
        stop = elapsed / 60 > args.max_minutes or progress >= 1.0
        if step % args.eval_every == 0 or step == args.steps or stop:
            figures = evaluate(net.cpu(), gallery, val, iconic)
            net.to(dev)
            figures.update(step=step, minutes=round(elapsed / 60, 2))
            log.append(figures)
            print("eval", json.dumps(figures), flush=True)
            score = figures["val_top1_train_gallery"] + figures["val_top1_iconic"]
            if score > best or args.holdout_every:  # the held-out experiment keeps the last weights (no selection)
                best, best_state = score, {k: v.detach().clone() for k, v in net.state_dict().items()}
        if stop:
            print("stopping: --max-minutes reached", flush=True)
            break
    net.load_state_dict(best_state)
    net.cpu().eval()
    minutes = (time.time() - start) / 60
    print(f"training took {minutes:.1f} min", flush=True)
    export(net, args, Path(args.out), log[-1])
    if args.log:
        Path(args.log).write_text(json.dumps({"args": vars(args), "params": params, "minutes": minutes, "evals": log}, indent=2))


if __name__ == "__main__":
    main()
