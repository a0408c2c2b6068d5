"""The ImageNet ResNet-18 of NuGet `Microsoft.ML.DnnImageFeaturizer.ResNet18` 0.24.0 (MIT) as a trainable PyTorch module.

The package ships a CNTK export (`ResNet18.onnx`: Conv, BatchNormalization, Relu, MaxPool, Add, AveragePool). This
module walks that graph and turns every initialiser into a parameter (convolutions) or a BatchNorm2d (statistics and
affine), so the network can be fine-tuned and exported again. Its input convention is the package's: BGR 0..255
minus a per-channel mean (ResNetPreprocess.onnx); `ImageNetResNet18.forward` takes RGB 0..1 and converts, so the
exported embedder keeps the product's RGB 0..1 interface.

Getting the file: `dotnet restore src/training/pretrained` (a restore-only project), then `locate_resnet18_onnx()`
finds it in the NuGet global packages folder (NUGET_PACKAGES, else ~/.nuget/packages). No other download.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

PACKAGE = "microsoft.ml.dnnimagefeaturizer.resnet18"
VERSION = "0.24.0"
LICENCE = "MIT (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0, ImageNet-trained ResNet-18)"
# The package's ResNetPreprocess.onnx subtracts this BGR mean from 0..255 pixels.
BGR_MEAN = (103.06262, 115.902885, 123.15163)
STAGES = ("stem", "layer1", "layer2", "layer3", "layer4")


def global_packages_folder() -> Path:
    if os.environ.get("NUGET_PACKAGES"):
        return Path(os.environ["NUGET_PACKAGES"])
    try:
        out = subprocess.run(["dotnet", "nuget", "locals", "global-packages", "-l"], capture_output=True, text=True,
                             check=True).stdout
        return Path(out.split("global-packages:", 1)[1].strip())
    except (OSError, subprocess.CalledProcessError, IndexError):
        return Path.home() / ".nuget" / "packages"


def locate_resnet18_onnx() -> Path:
    path = global_packages_folder() / PACKAGE / VERSION / "tools" / "DnnImageModels" / "ResNet18Onnx" / "ResNet18.onnx"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `dotnet restore src/training/pretrained` first")
    return path


class _Conv(nn.Module):
    """ONNX Conv with possibly asymmetric pads ([top, left, bottom, right]), no bias (CNTK folds it into BN)."""

    def __init__(self, weight: torch.Tensor, stride: int, pads: list[int]):
        super().__init__()
        self.weight = nn.Parameter(weight.clone())
        self.stride = stride
        top, left, bottom, right = pads
        self.symmetric = top == bottom and left == right
        self.padding = (top, left) if self.symmetric else (0, 0)
        self.pad4 = (left, right, top, bottom)

    def forward(self, x):
        if not self.symmetric:
            x = F.pad(x, self.pad4)
        return F.conv2d(x, self.weight, None, self.stride, self.padding)


class _MaxPool(nn.Module):
    def __init__(self, kernel: int, stride: int, pads: list[int]):
        super().__init__()
        top, left, bottom, right = pads
        self.kernel, self.stride, self.pad4 = kernel, stride, (left, right, top, bottom)

    def forward(self, x):
        return F.max_pool2d(F.pad(x, self.pad4, value=float("-inf")), self.kernel, self.stride)


class ImageNetResNet18(nn.Module):
    """Conv/BN/ReLU graph of the package, node for node. `forward` returns the feature maps of every stage
    (stem, layer1..layer4); the package's own 512-d feature is the global average of `layer4`."""

    def __init__(self, onnx_path: Path | None = None):
        super().__init__()
        import onnx
        from onnx import numpy_helper
        model = onnx.load(str(onnx_path or locate_resnet18_onnx()))
        inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
        self.steps: list[tuple[str, str, list[str], str]] = []  # (op, module name, inputs, output)
        self.layers = nn.ModuleDict()
        self.input_name = model.graph.input[0].name
        self.stage_outputs: list[str] = []
        conv_count = 0
        for node in model.graph.node:
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            name = f"n{len(self.steps)}"
            if node.op_type == "Conv":
                w = inits[node.input[1]]
                self.layers[name] = _Conv(w, attrs["strides"][0], list(attrs["pads"]))
                # A stride-2 3x3 conv opens a new stage (layer2..4); the first conv is the stem.
                if conv_count > 0 and attrs["strides"][0] == 2 and w.shape[-1] == 3:
                    self.stage_outputs.append(node.input[0])
                conv_count += 1
                self.steps.append(("module", name, [node.input[0]], node.output[0]))
            elif node.op_type == "BatchNormalization":
                scale, bias, mean, var = (inits[n].reshape(-1) for n in node.input[1:5])
                bn = nn.BatchNorm2d(scale.numel(), eps=attrs.get("epsilon", 1e-5))
                with torch.no_grad():
                    bn.weight.copy_(scale)
                    bn.bias.copy_(bias)
                    bn.running_mean.copy_(mean)
                    bn.running_var.copy_(var)
                self.layers[name] = bn
                self.steps.append(("module", name, [node.input[0]], node.output[0]))
            elif node.op_type == "Relu":
                self.steps.append(("relu", "", [node.input[0]], node.output[0]))
            elif node.op_type == "Add":
                self.steps.append(("add", "", list(node.input), node.output[0]))
            elif node.op_type == "MaxPool":
                self.layers[name] = _MaxPool(attrs["kernel_shape"][0], attrs["strides"][0], list(attrs["pads"]))
                self.steps.append(("module", name, [node.input[0]], node.output[0]))
                self.stage_outputs.append(node.output[0])  # stem output (after the max pool)
            elif node.op_type == "AveragePool":
                self.stage_outputs.append(node.input[0])  # layer4 output; the pool itself is the head's job
            else:
                raise ValueError(f"unexpected op {node.op_type} in the pretrained graph")
        # stage_outputs: stem, input of layer2/3/4's first conv (= layer1/2/3 outputs), layer4 output
        assert len(self.stage_outputs) == 5, self.stage_outputs
        self.register_buffer("bgr_mean", torch.tensor(BGR_MEAN).view(1, 3, 1, 1))

    def forward(self, rgb01: torch.Tensor, up_to: int = 4) -> list[torch.Tensor]:
        x = rgb01.flip(1) * 255.0 - self.bgr_mean
        return self._run({self.input_name: x}, self.stage_outputs[: up_to + 1])

    def forward_from(self, x: torch.Tensor, stage: int, up_to: int = 4) -> list[torch.Tensor]:
        """Runs the stages after `stage` on that stage's output (e.g. cached frozen features); returns the maps of
        stages stage+1..up_to."""
        return self._run({self.stage_outputs[stage]: x}, self.stage_outputs[stage + 1: up_to + 1])

    def _run(self, values: dict, wanted: list[str]) -> list[torch.Tensor]:
        """Runs every step whose inputs are known (steps before the given tensors are skipped) until `wanted` are out."""
        outputs: list[torch.Tensor] = []
        for op, name, inputs, out in self.steps:
            if any(i not in values for i in inputs):
                continue
            if op == "module":
                y = self.layers[name](values[inputs[0]])
            elif op == "relu":
                y = torch.relu(values[inputs[0]])
            else:
                y = values[inputs[0]] + values[inputs[1]]
            values[out] = y
            if out in wanted:
                outputs.append(y)
                if len(outputs) == len(wanted):
                    return outputs
        return outputs

    def freeze_up_to(self, stage: int) -> None:
        """Freezes stem..`stage` (parameters and BatchNorm statistics), e.g. 3 trains layer4 only."""
        for name, module in self.layers.items():
            frozen = self._stage_of[name] <= stage
            for p in module.parameters():
                p.requires_grad_(not frozen)

    @property
    def _stage_of(self) -> dict[str, int]:
        stage, result = 0, {}
        for op, name, _, out in self.steps:
            if name:
                result[name] = stage
            if out in self.stage_outputs:
                stage = self.stage_outputs.index(out) + 1
        return result

    def train(self, mode: bool = True):
        super().train(mode)
        # Frozen stages keep their ImageNet BatchNorm statistics.
        for name, module in self.layers.items():
            if isinstance(module, nn.BatchNorm2d) and not module.weight.requires_grad:
                module.eval()
        return self
