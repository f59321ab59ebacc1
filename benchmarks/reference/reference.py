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
    parser.add_argument("--models", default="mlp,cnn")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rows", type=int, default=64 * 40)
    parser.add_argument("--warmup-rows", type=int, default=64 * 10)
    args = parser.parse_args()
    results = []
    for name in args.models.split(","):
        features, labels = data_for(name, args.rows)
        warm_features, warm_labels = data_for(name, args.warmup_rows)
        for threads in (int(t) for t in args.threads.split(",")):
            torch.set_num_threads(threads)
            torch.manual_seed(1)
            model = model_for(name)
            model.train()
            optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
            epoch(model, optimizer, warm_features, warm_labels, 64)  # warm-up, as the C# side does
            started = time.perf_counter()
            epoch(model, optimizer, features, labels, 64)
            results.append({"model": name, "threads": threads, "samples_per_s": args.rows / (time.perf_counter() - started),
                            "torch_threads": torch.get_num_threads()})
    config = torch.__config__.show()
    blas = config.split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in config else "unknown"
    loaded = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower()})
    print(json.dumps({"side": "pytorch", "rows": args.rows, "torch": torch.__version__, "blas_info": blas,
                      "blas_loaded": loaded, "mkldnn": torch.backends.mkldnn.is_available(), "results": results}))


if __name__ == "__main__":
    main()
