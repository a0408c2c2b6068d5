"""Shared helpers for the ShelfCloud training scripts: image loading into memory, batch augmentation with
tensor ops (no per-step JPEG decoding), seeding and ONNX metadata."""
from __future__ import annotations

import math
import os
import random
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def set_threads(threads: int) -> None:
    torch.set_num_threads(threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))


def image_folder(root: Path) -> list[tuple[Path, str]]:
    """(path, class) for every image under root; class = parent folder name (ImageFolder, any depth)."""
    return sorted((p, p.parent.name) for p in Path(root).rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS)


def load_rgb(path: Path, size: int | tuple[int, int], background=(255, 255, 255)) -> np.ndarray:
    """Decodes once and stretches to size (the product's embedder resizes crops the same way)."""
    im = Image.open(path)
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, background + (255,))
        im = Image.alpha_composite(bg, im)
    im = im.convert("RGB")
    if isinstance(size, int):
        size = (size, size)
    return np.asarray(im.resize(size, Image.BILINEAR), dtype=np.uint8)


def to_uint8_tensor(arrays: list[np.ndarray]) -> torch.Tensor:
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()


def _device(generator) -> torch.device:
    """Random numbers are drawn where the generator lives, so augmentation runs on the GPU when the data does."""
    return generator.device if generator is not None else torch.device("cpu")


def random_affine_grid(n: int, out_size: tuple[int, int], scale=(0.6, 1.0), ratio=(0.75, 1.33), rotate=10.0,
                       translate=1.0, flip_p=0.5, generator=None) -> torch.Tensor:
    """Random-resized-crop + rotation + flip as one affine grid per image (normalised coordinates)."""
    g = generator
    dev = _device(g)
    area = torch.empty(n, device=dev).uniform_(*scale, generator=g)
    logr = torch.empty(n, device=dev).uniform_(math.log(ratio[0]), math.log(ratio[1]), generator=g)
    r = torch.exp(logr)
    sx = torch.sqrt(area * r).clamp(max=1.0)
    sy = torch.sqrt(area / r).clamp(max=1.0)
    tx = (1 - sx) * torch.empty(n, device=dev).uniform_(-1, 1, generator=g) * translate
    ty = (1 - sy) * torch.empty(n, device=dev).uniform_(-1, 1, generator=g) * translate
    ang = torch.empty(n, device=dev).uniform_(-rotate, rotate, generator=g) * math.pi / 180
    flip = torch.where(torch.rand(n, generator=g, device=dev) < flip_p, -1.0, 1.0)
    cos, sin = torch.cos(ang), torch.sin(ang)
    theta = torch.zeros(n, 2, 3, device=dev)
    theta[:, 0, 0] = cos * sx * flip
    theta[:, 0, 1] = -sin * sy
    theta[:, 1, 0] = sin * sx * flip
    theta[:, 1, 1] = cos * sy
    theta[:, 0, 2] = tx
    theta[:, 1, 2] = ty
    return F.affine_grid(theta, (n, 3, out_size[0], out_size[1]), align_corners=False)


def colour_jitter(x: torch.Tensor, brightness=0.3, contrast=0.3, saturation=0.3, generator=None) -> torch.Tensor:
    """x float 0..1 [N,3,H,W]."""
    n = x.shape[0]
    g = generator
    dev = _device(g)
    b = 1 + torch.empty(n, 1, 1, 1, device=dev).uniform_(-brightness, brightness, generator=g)
    c = 1 + torch.empty(n, 1, 1, 1, device=dev).uniform_(-contrast, contrast, generator=g)
    s = 1 + torch.empty(n, 1, 1, 1, device=dev).uniform_(-saturation, saturation, generator=g)
    x = x * b
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - mean) * c + mean
    grey = (0.299 * x[:, :1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3])
    x = (x - grey) * s + grey
    return x.clamp(0, 1)


def random_blur(x: torch.Tensor, p=0.3, generator=None) -> torch.Tensor:
    mask = torch.rand(x.shape[0], generator=generator, device=_device(generator)) < p
    if not mask.any():
        return x
    k = torch.tensor([1.0, 2.0, 1.0], device=x.device, dtype=x.dtype)
    k = (k[:, None] * k[None, :]) / 16
    k = k.expand(3, 1, 3, 3)
    blurred = F.conv2d(F.pad(x[mask], (1, 1, 1, 1), mode="replicate"), k, groups=3)
    x = x.clone()
    x[mask] = blurred
    return x


def random_noise(x: torch.Tensor, max_std=0.03, generator=None) -> torch.Tensor:
    dev = _device(generator)
    std = torch.empty(x.shape[0], 1, 1, 1, device=dev).uniform_(0, max_std, generator=generator)
    return (x + torch.randn(x.shape, generator=generator, device=dev) * std).clamp(0, 1)


def cutout(x: torch.Tensor, p=0.5, max_frac=0.35, fill=0.5, generator=None) -> torch.Tensor:
    """One grey rectangle (10%..max_frac of each side) on a share p of the images, as a mask: no per-image loop."""
    n, _, h, w = x.shape
    dev = _device(generator)
    apply = torch.rand(n, device=dev, generator=generator) < p
    ch = torch.empty(n, device=dev).uniform_(0.1, max_frac, generator=generator) * h
    cw = torch.empty(n, device=dev).uniform_(0.1, max_frac, generator=generator) * w
    y0 = torch.rand(n, device=dev, generator=generator) * (h - ch)
    x0 = torch.rand(n, device=dev, generator=generator) * (w - cw)
    ys = torch.arange(h, device=dev).view(1, h, 1)
    xs = torch.arange(w, device=dev).view(1, 1, w)
    inside = ((ys >= y0.view(n, 1, 1)) & (ys < (y0 + ch).view(n, 1, 1)) &
              (xs >= x0.view(n, 1, 1)) & (xs < (x0 + cw).view(n, 1, 1)) & apply.view(n, 1, 1))
    return torch.where(inside[:, None], torch.full_like(x, fill), x)


def augment_crops(batch_u8, size, g, cutout_p=0.5, cutout_frac=0.4) -> torch.Tensor:
    """The embedders' crop augmentation, 0..1 out: random resized crop + rotation + flip, colour jitter, blur, noise
    and cutout."""
    x = batch_u8.float() / 255
    grid = random_affine_grid(x.shape[0], (size, size), scale=(0.55, 1.0), rotate=12, flip_p=0.3, generator=g)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    x = colour_jitter(x, 0.35, 0.35, 0.3, generator=g)
    x = random_blur(x, 0.3, generator=g)
    x = random_noise(x, 0.03, generator=g)
    return cutout(x, cutout_p, cutout_frac, fill=0.5, generator=g)


def add_metadata(path: Path, metadata: dict[str, str]) -> None:
    import onnx
    model = onnx.load(str(path))
    del model.metadata_props[:]
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, str(value)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def store_weights_as_fp16(path: Path, min_elements: int = 1024) -> None:
    """Halves the file: large fp32 initialisers are stored as fp16 and cast back to fp32 by a Cast node. ONNX Runtime
    folds those casts when it loads the model, so inference stays fp32 and no consumer changes."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    model = onnx.load(str(path))
    graph = model.graph
    casts, kept = [], []
    for init in graph.initializer:
        if init.data_type == TensorProto.FLOAT and np.prod(init.dims) >= min_elements:
            half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
            kept.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=init.name + "_cast"))
        else:
            kept.append(init)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


class ArcFace(nn.Module):
    """Additive angular margin softmax over unit-length embeddings (margin ramped in by the caller)."""

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


def composite_in_store(packshots_u8, backgrounds_u8, g):
    """Packshots (white studio background) pasted at 45-95% size, anywhere, onto in-store photos."""
    fg = packshots_u8.float() / 255
    bg = backgrounds_u8.float() / 255
    n, dev = fg.shape[0], fg.device
    # Foreground = not near-white; softened so the paste has no hard halo.
    alpha = ((0.93 - fg.min(dim=1, keepdim=True).values) / 0.06).clamp(0, 1)
    alpha = F.avg_pool2d(alpha, 3, 1, 1)
    scale = torch.empty(n, device=dev).uniform_(1 / 0.95, 1 / 0.45, generator=g)
    theta = torch.zeros(n, 2, 3, device=dev)
    theta[:, 0, 0] = scale
    theta[:, 1, 1] = scale * torch.empty(n, device=dev).uniform_(0.85, 1.15, generator=g)
    theta[:, :, 2] = torch.empty(n, 2, device=dev).uniform_(-1, 1, generator=g) * (scale[:, None] - 1)
    grid = F.affine_grid(theta, list(fg.shape), align_corners=False)
    fg = F.grid_sample(fg, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    alpha = F.grid_sample(alpha, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return ((fg * alpha + bg * (1 - alpha)) * 255).to(torch.uint8)


def cbr(i, o, s=1, k=3):
    """Conv → BatchNorm → ReLU, the from-scratch networks' building block."""
    return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class Block(nn.Module):
    """A residual block of two 3x3 convolutions (the compact from-scratch networks)."""

    def __init__(self, c):
        super().__init__()
        self.a = cbr(c, c)
        self.b = nn.Sequential(nn.Conv2d(c, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return torch.relu(x + self.b(self.a(x)))
