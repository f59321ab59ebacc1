"""PyTorch reference for the training-throughput benchmark: the same models, data, batch size,
optimizer and step as benchmarks/MlOps.Benchmarks (TrainerHarness.RunBare / the product's
Trainer). One warm-up epoch, then --repeats timed epochs; prints one JSON line."""
import argparse
import json
import time

import torch
from torch import nn


def model_for(name):
    if name == "mlp":
        return nn.Sequential(nn.Linear(512, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10))
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def data_for(name, rows):
    shape = (rows, 512) if name == "mlp" else (rows, 1, 28, 28)
    generator = torch.Generator().manual_seed(3)
    return torch.rand(shape, generator=generator), torch.arange(rows) % 10


def epoch(model, optimizer, features, labels, batch):
    order = torch.randperm(features.shape[0])
    total = 0.0
    for start in range(0, features.shape[0], batch):
        index = order[start:start + batch]
        loss = nn.functional.cross_entropy(model(features.index_select(0, index)), labels.index_select(0, index))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="mlp")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rows", type=int, default=6400)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    features, labels = data_for(args.model, args.rows)
    model = model_for(args.model)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    epoch(model, optimizer, features, labels, 64)  # warm-up
    rates = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        epoch(model, optimizer, features, labels, 64)
        rates.append(args.rows / (time.perf_counter() - started))
    config = torch.__config__.show()
    blas = "BLAS_INFO=" + config.split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in config else "unknown"
    print(json.dumps({"side": "pytorch", "model": args.model, "threads": args.threads, "rows": args.rows,
                      "samples_per_s": rates, "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
                      "blas": blas, "mkldnn": torch.backends.mkldnn.is_available()}))


if __name__ == "__main__":
    main()
