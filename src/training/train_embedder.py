"""Trains ShelfCloud's default product embedder from scratch (no pretrained weights) and exports it to ONNX.

A compact ResNet-like CNN (input S x S, default 112; 128-d L2-normalised output) trained with an ArcFace head on
the Grocery Store train split (class = parent folder) plus synthetic shelf crops and packshots from
`shelfcloud synth`. All images are decoded once into uint8 tensors; every batch is augmented with tensor ops
(affine random-resized-crop/rotation/flip via grid_sample, colour jitter, blur, noise, cutout).
Model selection uses Grocery Store val only.

Two backbones: `compact` (the CPU-trained 1.x default) and `resnet` (ResNet-18 layout with a width multiplier, for
GPU training). On a GPU every image lives in GPU memory and each batch is augmented there (`--device cuda`). The
iconic packshots of the training classes are also trained on, composited onto in-store backgrounds (a random
Grocery Store train photo) at a random scale, so that a studio packshot and a handheld shelf photo of the same
product land close together: this is what a cold-start gallery needs. `--tta-flip` exports the mean of the
embeddings of the image and its mirror image inside the ONNX graph (the product needs no change).

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
from common import Block, cbr

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


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


class BasicBlock(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.a = cbr(i, o, s)
        self.b = nn.Sequential(nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o))
        self.skip = (nn.Sequential(nn.Conv2d(i, o, 1, s, bias=False), nn.BatchNorm2d(o))
                     if s != 1 or i != o else nn.Identity())

    def forward(self, x):
        return torch.relu(self.skip(x) + self.b(self.a(x)))


class ResNetEmbedder(nn.Module):
    """ResNet-18 layout (two basic blocks per stage; two stride-2 convs as stem) -> GeM -> FC -> BN.
    At width 0.75 and 128 px: 6.3 M parameters, about 0.8 GFLOP per crop."""

    def __init__(self, dim=256, width=0.75, dropout=0.2):
        super().__init__()
        w = [int(c * width) for c in (64, 128, 256, 512)]
        layers = [cbr(3, w[0] // 2, 2), cbr(w[0] // 2, w[0], 2)]
        prev = w[0]
        for stage, c in enumerate(w):
            stride = 1 if stage == 0 else 2
            layers += [BasicBlock(prev, c, stride), BasicBlock(c, c, 1)]
            prev = c
        self.features = nn.Sequential(*layers)
        self.p = nn.Parameter(torch.tensor(3.0))
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(w[-1], dim, bias=False)
        self.bn = nn.BatchNorm1d(dim)

    def forward(self, x):
        f = self.features(x).float().clamp(min=1e-6)
        f = f.pow(self.p).mean(dim=(2, 3)).pow(1.0 / self.p)
        return self.bn(self.fc(self.drop(f)))


def build(args):
    if args.arch == "resnet":
        return ResNetEmbedder(args.dim, args.width, getattr(args, "dropout", 0.2))
    return Embedder(args.dim, args.width, args.blocks)


class Exported(nn.Module):
    """What goes into the ONNX file: normalised input in, unit-length embedding out (optionally flip-averaged)."""

    def __init__(self, net, tta_flip=False):
        super().__init__()
        self.net = net
        self.tta_flip = tta_flip

    def forward(self, x):
        e = F.normalize(self.net(x), dim=1)
        if self.tta_flip:
            e = F.normalize(e + F.normalize(self.net(torch.flip(x, dims=[3])), dim=1), dim=1)
        return e


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
    iconic_train = [(p, c) for p, c in iconic if c not in held_out and ("g:" + c) in classes]
    iconic_labels = [classes["g:" + c] for _, c in iconic_train]
    t = time.time()
    store = args.imgsz + args.imgsz // 8
    images = load_folder(items, store)
    iconic_store = load_folder(iconic_train, store) if iconic_train else None
    print(f"loaded {len(items)} training images ({sum(1 for s in sources if s == 0)} grocery) of {len(classes)} classes "
          f"at {store}px in {time.time() - t:.0f}s", flush=True)
    val_images = load_folder(val, args.imgsz)
    gallery_images = load_folder(grocery, args.imgsz)
    iconic_images = load_folder(iconic, args.imgsz)
    return (images, torch.tensor(labels), torch.tensor(sources), len(classes), (iconic_store, torch.tensor(iconic_labels)),
            (gallery_images, [c for _, c in grocery]), (val_images, [c for _, c in val]),
            (iconic_images, [c for _, c in iconic]))


def normalise(x):
    mean = torch.tensor(MEAN, device=x.device).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=x.device).view(1, 3, 1, 1)
    return (x - mean) / std


def augment(batch_u8, size, g):
    return normalise(common.augment_crops(batch_u8, size, g, cutout_p=0.5, cutout_frac=0.4))


@torch.no_grad()
def embed(net, images, batch=256, tta_flip=False):
    net.eval()
    model = Exported(net, tta_flip)
    dev = next(net.parameters()).device
    out = [model(normalise(images[i:i + batch].to(dev).float() / 255)).float().cpu() for i in range(0, len(images), batch)]
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


def evaluate(net, gallery, val, iconic, held_out=frozenset()):
    figures = {}
    for suffix, flip in (("", False), ("_flip", True)):
        g = embed(net, gallery[0], tta_flip=flip)
        v = embed(net, val[0], tta_flip=flip)
        i = embed(net, iconic[0], tta_flip=flip)
        t1, t5 = retrieval(v, val[1], g, gallery[1])
        i1, i5 = retrieval(v, val[1], i, iconic[1])
        figures.update({"val_top1_train_gallery" + suffix: t1, "val_top5_train_gallery" + suffix: t5,
                        "val_top1_iconic" + suffix: i1, "val_top5_iconic" + suffix: i5})
        if held_out:
            rows = [k for k, c in enumerate(val[1]) if c in held_out]
            h1, h5 = retrieval(v[rows], [val[1][k] for k in rows], i, iconic[1])
            figures.update({"heldout_val_top1_iconic" + suffix: h1, "heldout_val_top5_iconic" + suffix: h5})
    return figures


def export(net, args, out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "embedder.onnx"
    model = Exported(net, args.tta_flip).eval()
    dummy = torch.zeros(2, 3, args.imgsz, args.imgsz)
    torch.onnx.export(model, dummy, str(path), input_names=["images"], output_names=["embeddings"],
                      dynamic_axes={"images": {0: "batch"}, "embeddings": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    card = {
        "name": args.name,
        "version": args.version,
        "imgsz": args.imgsz,
        "mean": MEAN,
        "std": STD,
        "embedding_dim": args.dim,
    }
    if args.fp16_weights:
        common.store_weights_as_fp16(path)
    common.add_metadata(path, {"name": card["name"], "version": card["version"], "imgsz": str(args.imgsz),
                               "mean": json.dumps(MEAN), "std": json.dumps(STD), "embedding_dim": str(args.dim)})
    (out_dir / "embedder.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"exported {path} ({path.stat().st_size / 1e6:.2f} MB)", flush=True)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grocery", default="/work/shared/datasets/grocery-store")
    ap.add_argument("--synthetic", help="output folder of `shelfcloud synth` (crops/, packshots/); use a seed >= 100")
    ap.add_argument("--crops-per-sku", type=int, default=30)
    ap.add_argument("--packshot-copies", type=int, default=3)
    ap.add_argument("--out", default="src/ShelfCloud.Vision/Models")
    ap.add_argument("--arch", choices=["compact", "resnet"], default="compact")
    ap.add_argument("--name", default="shelfcloud-embedder-s")
    ap.add_argument("--imgsz", type=int, default=112)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--width", type=float, default=1.0)
    ap.add_argument("--blocks", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=3600)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    ap.add_argument("--grocery-fraction", type=float, default=0.6, help="share of each batch drawn from Grocery Store")
    ap.add_argument("--iconic-fraction", type=float, default=0.0,
                    help="share of each batch made of iconic packshots composited in store (taken from the grocery share)")
    ap.add_argument("--dropout", type=float, default=0.2, help="before the embedding layer (resnet)")
    ap.add_argument("--balanced", action="store_true", help="draw Grocery Store images class-balanced")
    ap.add_argument("--fp16-weights", action="store_true", help="store the ONNX weights as fp16 (half the file; fp32 inference)")
    ap.add_argument("--tta-flip", action="store_true", help="export the flip-averaged embedding")
    ap.add_argument("--eval-every", type=int, default=900)
    ap.add_argument("--max-minutes", type=float, default=17, help="time budget: the LR schedule follows steps or time, whichever runs out first")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--log", help="JSON file for the training log")
    ap.add_argument("--save-weights", help="also save the trained weights (fp16) here, to export elsewhere")
    ap.add_argument("--no-export", action="store_true", help="train only (export later with --export-from)")
    ap.add_argument("--export-from", help="skip training: export ONNX + card from weights saved by --save-weights")
    ap.add_argument("--holdout-every", type=int, default=0,
                    help="experiment: leave every k-th Grocery Store class (sorted by name) out of training, to measure "
                         "retrieval on classes the embedder never saw (true cold start); not for the shipped model")
    return ap.parse_args()


def train(args):
    common.set_threads(args.threads)
    common.seed_everything(args.seed)
    dev = torch.device(args.device)
    g = torch.Generator(device=dev).manual_seed(args.seed)
    images, labels, sources, n_classes, (iconic_u8, iconic_labels), gallery, val, iconic = load_data(args)
    held_out = frozenset(sorted({c for c in gallery[1]})[::args.holdout_every]) if args.holdout_every else frozenset()
    images, labels, sources = images.to(dev), labels.to(dev), sources.to(dev)
    if iconic_u8 is not None:
        iconic_u8, iconic_labels = iconic_u8.to(dev), iconic_labels.to(dev)
    net = build(args).to(dev).to(memory_format=torch.channels_last)
    head = common.ArcFace(args.dim, n_classes).to(dev)
    params = sum(p.numel() for p in net.parameters())
    print(f"embedder parameters: {params / 1e6:.2f} M", flush=True)
    opt = torch.optim.AdamW(list(net.parameters()) + list(head.parameters()), lr=args.lr, weight_decay=args.weight_decay)
    groc = torch.nonzero(sources == 0).flatten()
    syn = torch.nonzero(sources == 1).flatten()
    n_groc = int(round(args.batch * args.grocery_fraction)) if len(syn) else args.batch
    n_iconic = int(round(args.batch * args.iconic_fraction)) if iconic_u8 is not None else 0
    n_groc -= n_iconic
    groc_weights = None
    if args.balanced:
        counts = torch.bincount(labels[groc])
        groc_weights = 1.0 / counts[labels[groc]].float()
    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if dev.type == "cuda" else torch.autocast("cpu", enabled=False)
    log, best, best_state = [], -1.0, None
    start = time.time()
    for step in range(1, args.steps + 1):
        if groc_weights is not None:
            idx = groc[torch.multinomial(groc_weights, n_groc, replacement=True, generator=g)]
        else:
            idx = groc[torch.randint(len(groc), (n_groc,), generator=g, device=dev)]
        if len(syn):
            idx = torch.cat([idx, syn[torch.randint(len(syn), (args.batch - n_groc - n_iconic,), generator=g, device=dev)]])
        batch, y = images[idx], labels[idx]
        if n_iconic:
            pick = torch.randint(len(iconic_u8), (n_iconic,), generator=g, device=dev)
            backgrounds = images[groc[torch.randint(len(groc), (n_iconic,), generator=g, device=dev)]]
            batch = torch.cat([batch, common.composite_in_store(iconic_u8[pick], backgrounds, g)])
            y = torch.cat([y, iconic_labels[pick]])
        # Progress is steps done or time used, whichever is further: on a busy CPU the cosine schedule still
        # anneals before --max-minutes (the log records where it stopped).
        progress = max((step - 1) / args.steps, (time.time() - start) / 60 / args.max_minutes)
        lr = args.lr * min(1.0, step / 50) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
        for group in opt.param_groups:
            group["lr"] = lr
        x = augment(batch, args.imgsz, g).contiguous(memory_format=torch.channels_last)
        net.train()
        with autocast:
            emb = net(x)
        loss = head(emb.float(), y, margin_scale=min(1.0, progress / 0.2))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed = time.time() - start
        if step % 100 == 0:
            print(f"step {step}/{args.steps} loss {loss.item():.3f} {step * args.batch / elapsed:.0f} img/s "
                  f"{elapsed / 60:.1f} min", flush=True)
        stop = elapsed / 60 > args.max_minutes or progress >= 1.0
        if step % args.eval_every == 0 or step == args.steps or stop:
            figures = evaluate(net, gallery, val, iconic, held_out)
            figures.update(step=step, minutes=round(elapsed / 60, 2))
            log.append(figures)
            print("eval", json.dumps(figures), flush=True)
            score = figures["val_top1_train_gallery"] + figures["val_top1_iconic"]
            if score > best or args.holdout_every:  # the held-out experiment keeps the last weights (no selection)
                best, best_state = score, {k: v.detach().clone() for k, v in net.state_dict().items()}
        if stop:
            print("stopping: --max-minutes or --steps reached", flush=True)
            break
    net.load_state_dict(best_state)
    net.cpu().eval()
    minutes = (time.time() - start) / 60
    print(f"training took {minutes:.1f} min", flush=True)
    if args.log:
        Path(args.log).write_text(json.dumps({"args": vars(args), "params": params, "minutes": minutes, "evals": log}, indent=2))
    if args.save_weights:
        torch.save({k: v.half() if v.is_floating_point() else v for k, v in net.state_dict().items()}, args.save_weights)
    return net


def main():
    args = parse_args()
    if args.export_from:
        net = build(args)
        state = torch.load(args.export_from, map_location="cpu")
        net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
        net.eval()
    else:
        net = train(args)
        if args.no_export:
            return
    export(net, args, Path(args.out))


if __name__ == "__main__":
    main()
