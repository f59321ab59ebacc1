"""The `inference` section's MlOps.Runtime rows: FineTunedModel against raw ONNX Runtime on samples/app's
exported credit model (MlOps.Benchmarks `runtime`), single row and batch 64, every side alternated in one
process so load shifts hit them alike. Called by bench.py."""


def runtime_overhead(args, results, run, add, log):
    log("inference: MlOps.Runtime vs raw ONNX Runtime")
    r = run(["runtime", "--rounds", str(100 if args.quick else 400)])
    results["inference_runtime"] = r
    for row in r["results"]:
        batch = row["batch"]
        what = "single row" if batch == 1 else f"batch {batch}"
        raw, encoded, named = row["raw_us_per_call"], row["runtime_encoded_us_per_call"], row["runtime_named_us_per_call"]
        add(f"inference {what}: MlOps.Runtime (encoded) vs raw ONNX Runtime",
            round(encoded, 2), round(raw, 2), round(encoded / raw, 3), "< 1.05", encoded / raw < 1.05, "µs/call")
        labels, raw_labels = row["runtime_labels_read_us_per_call"], row["raw_with_labels_us_per_call"]
        add(f"inference {what}: MlOps.Runtime, every label read vs raw ONNX Runtime + softmax/argmax by hand",
            round(labels, 2), round(raw_labels, 2), round(labels / raw_labels, 3), "(reported)", True, "µs/call")
        tuned = row["raw_tuned_us_per_call"]
        add(f"inference {what}: MlOps.Runtime (encoded) vs raw ONNX Runtime tuned (options reused, output bound)",
            round(encoded, 2), round(tuned, 2), round(encoded / tuned, 3), "(reported)", True, "µs/call")
        add(f"inference {what}: MlOps.Runtime on named cells (incl. tabular encoding) vs raw ONNX Runtime",
            round(named, 2), round(raw, 2), round(named / raw, 3), "(reported)", True, "µs/call")
