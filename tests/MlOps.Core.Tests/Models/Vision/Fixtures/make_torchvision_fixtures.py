"""Writes the torchvision fixtures that the ResNet tests compare against.

Run with Debian's torchvision (apt-get install python3-torchvision; 0.14.1 with torch 1.13.1):
    /usr/bin/python3 make_torchvision_fixtures.py

For resnet18 and resnet50 it writes
  <arch>.state_dict.txt  every state_dict entry in torchvision's order: name, dtype, shape
  <arch>.outputs.json    eval-mode logits (10 classes) for a fixed input, with every tensor set
                         by the formula below, so the C# test can rebuild the same weights
                         without a 45 MB weights file in the repository.
and torchvision-stem.pt: conv1 and bn1 of a resnet18 saved with torch.save, to check that
PyTorch's own zip pickle (with its int64 num_batches_tracked scalars) reads back.
"""
import json
import math

import torch
import torchvision


def formula(name, shape, dtype):
    """Value i of a tensor: a sine whose phase depends on the name's length (mirrored in C#)."""
    n = math.prod(shape)
    if dtype == torch.int64:  # num_batches_tracked
        return torch.full(shape, 7, dtype=torch.int64)
    phase = len(name) % 7
    wave = torch.sin(torch.arange(n, dtype=torch.float64) * 0.37 + phase).reshape(shape)
    if name.endswith("running_var"):
        values = 1.0 + 0.5 * wave * wave
    elif name.endswith("running_mean") or name.endswith("bias"):
        values = 0.1 * wave
    elif len(shape) == 1:  # BatchNorm weight
        values = 1.0 + 0.1 * wave
    else:  # conv / linear weight: variance 1 / fan_in
        values = wave * math.sqrt(2.0 / math.prod(shape[1:]))
    return values.to(torch.float32)


def fixed_input():
    i = torch.arange(2 * 3 * 32 * 32, dtype=torch.float64)
    return (2.0 * torch.sin(i * i * 0.0001)).reshape(2, 3, 32, 32).to(torch.float32)


def main():
    for arch in ("resnet18", "resnet50"):
        model = getattr(torchvision.models, arch)(num_classes=10)
        state = model.state_dict()
        parameters = len(list(model.parameters()))
        with open(f"{arch}.state_dict.txt", "w") as f:
            for name, tensor in state.items():
                shape = ",".join(str(d) for d in tensor.shape)
                f.write(f"{name} {str(tensor.dtype).replace('torch.', '')} [{shape}]\n")
        model.load_state_dict({name: formula(name, list(t.shape), t.dtype) for name, t in state.items()})
        model.eval()
        with torch.no_grad():
            logits = model(fixed_input())
            model.fc = torch.nn.Identity()
            features = model(fixed_input())
        with open(f"{arch}.outputs.json", "w") as f:
            json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__,
                       "input": [2, 3, 32, 32], "logits": logits.tolist(),
                       "features_first_16": features[:, :16].tolist(), "features_sum": features.sum(1).tolist()}, f, indent=1)
        print(arch, parameters, "parameters,", len(state), "state_dict entries; logits", logits[0, :3].tolist())

    stem = torchvision.models.resnet18().state_dict()
    torch.save({k: v for k, v in stem.items() if k.startswith(("conv1.", "bn1."))}, "torchvision-stem.pt")


if __name__ == "__main__":
    main()
