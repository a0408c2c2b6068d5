"""Times the default models on whatever machine runs it (used for the GPU rows of the model cards).

PyTorch rows time the training architectures (same layers and shapes as the exported ONNX graphs, random
weights: speed does not depend on their values) in fp32 and bf16 on the GPU; ONNX Runtime rows time the
exported files themselves with every execution provider that the installed onnxruntime offers.

    python src/training/time_models.py --detector src/ShelfCloud.Vision/Models/detector.onnx \
        --embedder src/ShelfCloud.Vision/Models/embedder.onnx --embedder-arch resnet --json times.json
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch

import train_detector
import train_embedder


def time_call(fn, warmup=5, repeats=30, sync=None) -> float:
    for _ in range(warmup):
        fn()
    if sync:
        sync()
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        if sync:
            sync()
        samples.append(time.perf_counter() - t)
    return float(np.median(samples) * 1000)


def torch_rows(name, net, size, batches, device):
    rows = []
    net = net.to(device).eval().to(memory_format=torch.channels_last)
    for dtype in (torch.float32, torch.bfloat16):
        for b in batches:
            x = torch.rand(b, 3, size, size, device=device).contiguous(memory_format=torch.channels_last)
            with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=dtype != torch.float32):
                ms = time_call(lambda: net(x), sync=torch.cuda.synchronize if device.type == "cuda" else None)
            rows.append({"model": name, "runtime": f"pytorch {torch.__version__}", "device": str(device),
                         "dtype": str(dtype).replace("torch.", ""), "batch": b, "ms_per_batch": round(ms, 3),
                         "ms_per_image": round(ms / b, 4)})
            print(rows[-1], flush=True)
    return rows


def ort_rows(name, path, size, batches):
    try:
        import onnxruntime as ort
    except ImportError:
        return [{"model": name, "runtime": "onnxruntime", "error": "not installed"}]
    rows = []
    for provider in ort.get_available_providers():
        if provider not in ("CUDAExecutionProvider", "TensorrtExecutionProvider", "CPUExecutionProvider"):
            continue
        try:
            session = ort.InferenceSession(path, providers=[provider])
        except Exception as error:  # a provider listed but unusable (missing CUDA libraries) is reported, not fatal
            rows.append({"model": name, "runtime": f"onnxruntime {ort.__version__}", "provider": provider, "error": str(error)[:200]})
            continue
        input_name = session.get_inputs()[0].name
        for b in batches:
            x = np.random.rand(b, 3, size, size).astype(np.float32)
            ms = time_call(lambda: session.run(None, {input_name: x}), repeats=15)
            rows.append({"model": name, "runtime": f"onnxruntime {ort.__version__}", "provider": provider, "batch": b,
                         "ms_per_batch": round(ms, 3), "ms_per_image": round(ms / b, 4)})
            print(rows[-1], flush=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--detector")
    ap.add_argument("--detector-size", type=int, default=640)
    ap.add_argument("--detector-width", type=float, default=1.0)
    ap.add_argument("--embedder")
    ap.add_argument("--embedder-arch", default="resnet")
    ap.add_argument("--embedder-size", type=int, default=128)
    ap.add_argument("--embedder-width", type=float, default=0.75)
    ap.add_argument("--embedder-dim", type=int, default=256)
    ap.add_argument("--batches", default="1,8,32;1,64,256", help="detector batches;embedder batches")
    ap.add_argument("--json", required=True)
    args = ap.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    rows = []
    detector = train_detector.Exported(train_detector.Detector(args.detector_width))
    rows += torch_rows("detector", detector, args.detector_size, [int(b) for b in args.batches.split(";")[0].split(",")], device)
    emb_args = argparse.Namespace(arch=args.embedder_arch, dim=args.embedder_dim, width=args.embedder_width, blocks=1)
    rows += torch_rows("embedder", train_embedder.build(emb_args), args.embedder_size, [int(b) for b in args.batches.split(";")[1].split(",")], device)
    if args.detector:
        rows += ort_rows("detector", args.detector, args.detector_size, [1, 8])
    if args.embedder:
        rows += ort_rows("embedder", args.embedder, args.embedder_size, [1, 64])
    info = {"device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu", "rows": rows}
    with open(args.json, "w") as f:
        json.dump(info, f, indent=2)


if __name__ == "__main__":
    main()
