#!/usr/bin/python3
"""Checks exported ONNX folders with Debian's python3-onnx (1.12): the checker with full shape
inference, strict shape inference, and the folder contract (model.json beside model.onnx, its inputs
and the logits output as the graph declares them). Not part of `dotnet test`; see README.md."""
import json
import pathlib
import sys

import onnx
from onnx import shape_inference

DTYPES = {"float32": onnx.TensorProto.FLOAT, "int64": onnx.TensorProto.INT64}


def dims(value_info):
    return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check(folder: pathlib.Path) -> list:
    problems = []
    model = onnx.load(str(folder / "model.onnx"))
    onnx.checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    manifest = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    if opset != [manifest["opset"]]:
        problems.append(f"opset {opset} != model.json {manifest['opset']}")
    graph = inferred.graph
    for declared, actual in zip(manifest["inputs"], graph.input):
        want = [name if name else size for size, name in zip(declared["shape"], declared["axis_names"])]
        if actual.name != declared["name"] or dims(actual) != want or actual.type.tensor_type.elem_type != DTYPES[declared["dtype"]]:
            problems.append(f"input {actual.name} {dims(actual)} differs from model.json {declared}")
    out = graph.output[0]
    generation = manifest.get("generation")
    if manifest.get("task", "classification") == "causal-lm" and generation:
        # logits [batch, sequence, vocab], then (with the cache) present.N.key|value, Optimum's names.
        want = ["batch", "sequence", manifest["output"]["shape"][2]]
        if out.name != "logits" or dims(out) != want:
            problems.append(f"output {out.name} {dims(out)} is not logits {want}")
        presents = [f"present.{i}.{part}" for i in range(generation["layers"]) for part in ("key", "value")] if generation["past_key_values"] else []
        if [o.name for o in graph.output[1:]] != presents:
            problems.append(f"outputs {[o.name for o in graph.output[1:]]} are not {presents}")
        for o in graph.output[1:]:
            if dims(o) != ["batch", generation["key_value_heads"], "total_sequence", generation["head_dim"]]:
                problems.append(f"output {o.name} {dims(o)} is not [batch, {generation['key_value_heads']}, total_sequence, {generation['head_dim']}]")
        if len(graph.input) != len(manifest["inputs"]):
            problems.append(f"{len(graph.input)} graph inputs, model.json lists {len(manifest['inputs'])}")
    elif out.name != "logits" or dims(out) != ["batch", len(manifest["classes"])]:
        problems.append(f"output {out.name} {dims(out)} is not logits [batch, {len(manifest['classes'])}]")
    for name in manifest["preprocessing"].get("text", {}).get("tokenizer_files", []) if manifest["preprocessing"].get("text") else []:
        if not (folder / name).is_file():
            problems.append(f"tokenizer file {name} is missing")
    ops = sorted({n.op_type for n in graph.node})
    print(f"ok   {folder}: {manifest['family']}, opset {opset[0]}, IR {model.ir_version}, {len(graph.node)} nodes, "
          f"{len(graph.initializer)} initializers, inputs {[(i.name, dims(i)) for i in graph.input]}, ops {' '.join(ops)}")
    return problems


def main(paths):
    folders = sorted({p.parent for root in map(pathlib.Path, paths) for p in ([root] if root.name == "model.onnx" else root.rglob("model.onnx"))})
    if not folders:
        print(f"no model.onnx under {' '.join(paths)}", file=sys.stderr)
        return 2
    failed = skipped = 0
    newest = onnx.defs.onnx_opset_version()
    for folder in folders:
        declared = json.loads((folder / "model.json").read_text(encoding="utf-8")).get("opset", 0) if (folder / "model.json").is_file() else 0
        if declared > newest:
            # An opset this onnx does not know (the exporter accepts 18-21) cannot be checked here: said, not failed.
            print(f"skip {folder}: opset {declared} is newer than onnx {onnx.__version__} knows ({newest})")
            skipped += 1
            continue
        try:
            problems = check(folder)
        except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError, OSError, ValueError, KeyError) as e:
            problems = [f"{type(e).__name__}: {e}"]
        for p in problems:
            print(f"FAIL {folder}: {p}")
        failed += bool(problems)
    checked = len(folders) - skipped
    print(f"onnx {onnx.__version__}: {checked - failed} of {checked} exported graphs pass" + (f" ({skipped} skipped: opset above {newest})" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
