"""Embedder 3.x: the ImageNet ResNet-18 of the NuGet package, fine-tuned so that it stays general.

What keeps it general on 2,640 training photos (each measured, see docs/models/embedder.md):
- the early stages stay frozen (`--freeze-through`, default layer2: stem, layer1 and layer2 keep their ImageNet
  weights and BatchNorm statistics); the later stages learn at a low rate, the new head at a higher one;
- distillation towards the frozen ImageNet embedding (`--distill`): within each batch the student's cosine
  similarities are pulled towards the teacher's, so products the model never trains on stay where ImageNet put
  them relative to each other;
- GeM pooling of layer3 and layer4 (multi-scale: mid-level texture and high-level shape), projected to 256-d;
- iconic packshots composited into in-store photos (what fixed cold start in 2.0);
- synthetic products from `shelfcloud synth` mixed in (`--synthetic`, a fifth of each batch): the rendered packs
  the demo and the synthetic evaluations use, which in-store photos alone do not teach;
- ArcFace on the training classes.

Because the frozen stages never change, their output is computed once for `--views` augmented views of every
training image (and for the clean evaluation images) and cached; training then runs the trainable stages only,
which makes a CPU run practical (about 30 minutes on 2 cores).

Figures the script prints are on Grocery Store val; `--holdout-every 4` trains without every 4th class and reports
the held-out classes separately (true cold start, the unknown-product AUROC, 5-shot retrieval).

    dotnet restore src/training/pretrained
    /usr/bin/python3 src/training/train_embedder_pretrained.py --out src/ShelfCloud.Vision/Models
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

import common
from pretrained_resnet import LICENCE, ImageNetResNet18

STAGE_CHANNELS = {3: 256, 4: 512}


class GeM(nn.Module):
    def __init__(self, p: float = 3.0):
        super().__init__()
        self.p = nn.Parameter(torch.tensor(p))

    def forward(self, x):
        return x.clamp(min=1e-6).pow(self.p).mean(dim=(2, 3)).pow(1.0 / self.p)


class EmbeddingHead(nn.Module):
    """GeM(layer3) and GeM(layer4), each normalised, concatenated and projected to `dim`, unit length."""

    def __init__(self, dim: int):
        super().__init__()
        self.pool3, self.pool4 = GeM(), GeM()
        self.project = nn.Linear(STAGE_CHANNELS[3] + STAGE_CHANNELS[4], dim)

    def forward(self, l3, l4):
        x = torch.cat([F.normalize(self.pool3(l3), dim=1), F.normalize(self.pool4(l4), dim=1)], dim=1)
        return F.normalize(self.project(x), dim=1)


def teacher_vector(l3, l4):
    """The no-learning ImageNet embedding the student is distilled towards (and the baseline it is compared with)."""
    a = F.normalize(l3.mean(dim=(2, 3)), dim=1)
    b = F.normalize(l4.mean(dim=(2, 3)), dim=1)
    return F.normalize(torch.cat([a, b], dim=1), dim=1)


class Exported(nn.Module):
    """RGB 0..1 in (mean 0, std 1 in the metadata: the backbone converts to its own BGR convention), embedding out."""

    def __init__(self, backbone: ImageNetResNet18, head: EmbeddingHead):
        super().__init__()
        self.backbone, self.head = backbone, head

    def forward(self, images):
        maps = self.backbone(images, up_to=4)
        return self.head(maps[3], maps[4])


def load_split(folder: Path, size: int, skip=frozenset()):
    items = [(p, c) for p, c in common.image_folder(folder) if c not in skip]
    return common.to_uint8_tensor([common.load_rgb(p, size) for p, _ in items]), [c for _, c in items]


def augment(batch_u8, size, g):
    return common.augment_crops(batch_u8, size, g, cutout_p=0.4, cutout_frac=0.35)


@torch.no_grad()
def frozen_features(net, images_01, freeze, chunk=64):
    """Frozen-stage output (fp16, cached) and the teacher vector of each image."""
    cached, teacher = [], []
    for i in range(0, len(images_01), chunk):
        maps = net(images_01[i:i + chunk], up_to=4)
        cached.append(maps[freeze].half())
        teacher.append(teacher_vector(maps[3], maps[4]))
    return torch.cat(cached), torch.cat(teacher)


def synthetic_items(folder: Path, crops_per_sku: int, seed: int):
    """(path, SKU) of `crops_per_sku` shelf crops per synthetic SKU plus its packshot."""
    rng = torch.Generator().manual_seed(seed)
    items = []
    for sku_folder in sorted(p for p in (folder / "crops").iterdir() if p.is_dir()):
        crops = sorted(sku_folder.glob("*.jpg"))
        pick = torch.randperm(len(crops), generator=rng)[:crops_per_sku].tolist()
        items += [(crops[i], sku_folder.name) for i in sorted(pick)]
        packshot = folder / "packshots" / f"{sku_folder.name}.png"
        if packshot.exists():
            items.append((packshot, sku_folder.name))
    return items


def build_cache(net, args, g):
    root = Path(args.grocery)
    held_out = set()
    train_u8, train_classes = load_split(root / "train", args.imgsz + args.imgsz // 8)
    names = sorted(set(train_classes))
    if args.holdout_every:
        held_out = set(names[::args.holdout_every])
        print(f"holding {len(held_out)} classes out of training: {sorted(held_out)}", flush=True)
    trained = [c for c in names if c not in held_out]
    index = {c: i for i, c in enumerate(trained)}
    keep = [i for i, c in enumerate(train_classes) if c not in held_out]
    train_u8 = train_u8[keep]
    train_labels = torch.tensor([index[train_classes[i]] for i in keep])
    iconic_u8, iconic_classes = load_split(root / "iconic-images-and-descriptions", args.imgsz + args.imgsz // 8,
                                           skip=held_out)
    iconic_labels = torch.tensor([index[c] for c in iconic_classes])
    syn_u8, syn_labels = None, torch.zeros(0, dtype=torch.long)
    if args.synthetic:
        items = synthetic_items(Path(args.synthetic), args.synthetic_crops, args.seed)
        skus = sorted({c for _, c in items})
        syn_u8 = common.to_uint8_tensor([common.load_rgb(p, args.imgsz + args.imgsz // 8) for p, _ in items])
        syn_labels = torch.tensor([len(trained) + skus.index(c) for _, c in items])
        trained = trained + ["s:" + c for c in skus]
        print(f"synthetic: {len(items)} images of {len(skus)} SKUs", flush=True)
    start = time.time()
    feats, teach, labels = [], [], []
    for view in range(args.views):
        x = augment(train_u8, args.imgsz, g)
        f, t = frozen_features(net, x, args.freeze_through)
        feats.append(f), teach.append(t), labels.append(train_labels)
        if syn_u8 is not None:
            f, t = frozen_features(net, augment(syn_u8, args.imgsz, g), args.freeze_through)
            feats.append(f), teach.append(t), labels.append(syn_labels)
        for _ in range(args.iconic_views_per_view):
            backgrounds = train_u8[torch.randint(len(train_u8), (len(iconic_u8),), generator=g)]
            x = augment(common.composite_in_store(iconic_u8, backgrounds, g), args.imgsz, g)
            f, t = frozen_features(net, x, args.freeze_through)
            feats.append(f), teach.append(t), labels.append(iconic_labels)
        print(f"cached view {view + 1}/{args.views} ({time.time() - start:.0f}s)", flush=True)
    labels = torch.cat(labels)
    # Synthetic SKUs make up `--synthetic-fraction` of what each batch draws, whatever their count in the cache.
    synthetic = labels >= len(names) - len(held_out)
    weights = torch.ones(len(labels))
    if synthetic.any():
        share = args.synthetic_fraction / (1 - args.synthetic_fraction)
        weights[synthetic] = share * (~synthetic).sum() / synthetic.sum()
    return torch.cat(feats), torch.cat(teach), labels, weights, len(trained), held_out


def evaluation_sets(net, args):
    root = Path(args.grocery)
    sets = {}
    for name, folder in (("val", "val"), ("train", "train"), ("iconic", "iconic-images-and-descriptions")):
        u8, classes = load_split(root / folder, args.imgsz)
        f, t = frozen_features(net, u8.float() / 255, args.freeze_through)
        sets[name] = (f, t, classes)
    return sets


def embed_cached(net, head, cached, freeze, chunk=128):
    out = []
    with torch.no_grad():
        for i in range(0, len(cached), chunk):
            maps = net.forward_from(cached[i:i + chunk].float(), freeze, up_to=4)
            out.append(head(maps[-2], maps[-1]))
    return torch.cat(out)


def per_class_best(queries, gallery, gallery_classes):
    names = sorted(set(gallery_classes))
    gidx = torch.tensor([names.index(c) for c in gallery_classes])
    sim = queries @ gallery.T
    best = torch.full((len(queries), len(names)), -2.0).scatter_reduce(1, gidx.expand(len(queries), -1), sim, "amax")
    return best, names


def top1(queries, query_classes, gallery, gallery_classes):
    if not len(queries):
        return float("nan")
    best, names = per_class_best(queries, gallery, gallery_classes)
    predicted = [names[i] for i in best.argmax(1).tolist()]
    return sum(p == c for p, c in zip(predicted, query_classes)) / len(query_classes)


def auroc(known_scores, unknown_scores):
    """P(score of a known query > score of an unknown one), ties count half."""
    k = known_scores[:, None]
    u = unknown_scores[None, :]
    return ((k > u).float().mean() + 0.5 * (k == u).float().mean()).item()


def figures_for(vectors, sets, held_out):
    """The issue's figures from embeddings of val, train and iconic (held-out classes reported separately)."""
    (v, vc), (t, tc), (i, ic) = ((vectors[n], sets[n][2]) for n in ("val", "train", "iconic"))
    rows_ho = [k for k, c in enumerate(vc) if c in held_out]
    rows_in = [k for k, c in enumerate(vc) if c not in held_out]
    fig = {"val_top1_train_gallery": top1(v, vc, t, tc), "val_top1_iconic": top1(v, vc, i, ic)}
    if held_out:
        sub = lambda rows: (v[rows], [vc[k] for k in rows])
        fig["trained_top1_train_gallery"] = top1(*sub(rows_in), t, tc)
        fig["heldout_top1_train_gallery"] = top1(*sub(rows_ho), t, tc)
        fig["heldout_top1_iconic"] = top1(*sub(rows_ho), i, ic)
        gal = [k for k, c in enumerate(tc) if c not in held_out]
        best_in, _ = per_class_best(v[rows_in], t[gal], [tc[k] for k in gal])
        best_ho, _ = per_class_best(v[rows_ho], t[gal], [tc[k] for k in gal])
        for name, score in (("s1", lambda b: b.max(1).values),
                            ("margin", lambda b: b.topk(2, 1).values[:, 0] - b.topk(2, 1).values[:, 1])):
            fig[f"unknown_auroc_{name}"] = auroc(score(best_in), score(best_ho))
    return fig


def train(args):
    common.set_threads(args.threads)
    common.seed_everything(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    net = ImageNetResNet18()
    net.freeze_up_to(args.freeze_through)
    net.eval()  # BatchNorm statistics stay ImageNet's everywhere; the affine parameters of trainable stages learn
    cached, teacher, labels, weights, n_classes, held_out = build_cache(net, args, g)
    sets = evaluation_sets(net, args)
    print(f"cache: {tuple(cached.shape)} fp16 ({cached.numel() * 2 / 1e9:.2f} GB)", flush=True)
    baseline = figures_for({n: s[1] for n, s in sets.items()}, sets, held_out)
    print("imagenet baseline", json.dumps(baseline), flush=True)
    head = EmbeddingHead(args.dim)
    arcface = common.ArcFace(args.dim, n_classes)
    backbone_params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": backbone_params, "lr": args.lr, "base": args.lr},
                             {"params": list(head.parameters()) + list(arcface.parameters()), "lr": args.head_lr,
                              "base": args.head_lr}], weight_decay=args.weight_decay)
    log, start = [{"baseline": baseline}], time.time()
    for step in range(1, args.steps + 1):
        progress = max((step - 1) / args.steps, (time.time() - start) / 60 / args.max_minutes)
        for group in opt.param_groups:
            group["lr"] = group["base"] * min(1.0, step / 30) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
        idx = torch.multinomial(weights, args.batch, replacement=True, generator=g)
        maps = net.forward_from(cached[idx].float(), args.freeze_through, up_to=4)
        emb = head(maps[-2], maps[-1])
        loss = arcface(emb, labels[idx], margin_scale=min(1.0, progress / 0.2))
        if args.distill:
            t = teacher[idx]
            loss = loss + args.distill * F.mse_loss(emb @ emb.T, t @ t.T) * 100
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed = time.time() - start
        if step % 20 == 0:
            print(f"step {step}/{args.steps} loss {loss.item():.3f} {step * args.batch / elapsed:.0f} img/s "
                  f"{elapsed / 60:.1f} min", flush=True)
        stop = elapsed / 60 > args.max_minutes or step == args.steps
        if step % args.eval_every == 0 or stop:
            vectors = {n: embed_cached(net, head, s[0], args.freeze_through) for n, s in sets.items()}
            fig = figures_for(vectors, sets, held_out)
            fig.update(step=step, minutes=round(elapsed / 60, 2))
            log.append(fig)
            print("eval", json.dumps(fig), flush=True)
        if stop:
            break
    if args.log:
        Path(args.log).write_text(json.dumps({"args": vars(args), "evals": log}, indent=2))
    return net, head


def export(net, head, args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "embedder.onnx"
    model = Exported(net, head).eval()
    torch.onnx.export(model, torch.rand(2, 3, args.imgsz, args.imgsz), str(path), input_names=["images"],
                      output_names=["embeddings"], dynamic_axes={"images": {0: "batch"}, "embeddings": {0: "batch"}},
                      opset_version=13, do_constant_folding=True)
    card = {"name": args.name, "version": args.version, "imgsz": args.imgsz, "mean": [0.0, 0.0, 0.0],
            "std": [1.0, 1.0, 1.0], "embedding_dim": args.dim, "backbone_licence": LICENCE}
    common.add_metadata(path, {k: json.dumps(v) if isinstance(v, list) else str(v) for k, v in card.items()})
    (out / "embedder.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"exported {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grocery", default=str(Path(__file__).resolve().parents[3] / "shared/datasets/grocery-store"))
    ap.add_argument("--out", default="src/ShelfCloud.Vision/Models")
    ap.add_argument("--name", default="shelfcloud-embedder-r18")
    ap.add_argument("--version", default="3.0.0")
    ap.add_argument("--imgsz", type=int, default=160)
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--freeze-through", type=int, default=2, help="0 stem, 1 layer1, 2 layer2, 3 layer3")
    ap.add_argument("--views", type=int, default=8, help="augmented views of each training image in the cache")
    ap.add_argument("--iconic-views-per-view", type=int, default=4,
                    help="composited packshot views added with each view of the photos")
    ap.add_argument("--synthetic", help="output folder of `shelfcloud synth` (crops/, packshots/); use a seed >= 100")
    ap.add_argument("--synthetic-crops", type=int, default=8, help="shelf crops per synthetic SKU (plus its packshot)")
    ap.add_argument("--synthetic-fraction", type=float, default=0.2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--lr", type=float, default=1e-4, help="trainable backbone stages")
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--distill", type=float, default=1.0, help="weight of the similarity distillation (0: off)")
    ap.add_argument("--holdout-every", type=int, default=0)
    ap.add_argument("--eval-every", type=int, default=300)
    ap.add_argument("--max-minutes", type=float, default=35)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--log", help="JSON training log")
    ap.add_argument("--save-weights", help="save the trained backbone + head here (for export or quantisation)")
    ap.add_argument("--no-export", action="store_true")
    return ap.parse_args()


def main():
    args = parse_args()
    net, head = train(args)
    if args.save_weights:
        torch.save({"backbone": net.state_dict(), "head": head.state_dict(), "args": vars(args)}, args.save_weights)
    if not args.no_export:
        export(net, head, args)


if __name__ == "__main__":
    main()
