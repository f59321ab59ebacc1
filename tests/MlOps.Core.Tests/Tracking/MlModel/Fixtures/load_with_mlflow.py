"""Load each recorded MLmodel folder with MLflow's own Model.load and record what it read.

Run with a Python that has mlflow (recorded with 3.6.1.dev0, built from source):
    python load_with_mlflow.py <fixtures folder>
Writes <folder>/<scenario>/model-load.json, read by MlModelFixtureTests.
"""
import json
import os
import sys

import numpy as np
import mlflow
from mlflow.models import Model, validate_schema

root = sys.argv[1]
for name in sorted(os.listdir(root)):
    folder = os.path.join(root, name)
    if not os.path.isdir(folder):
        continue
    model = Model.load(folder)
    with open(os.path.join(folder, "MLmodel")) as f:
        text = f.read()
    example = model.load_input_example(folder)
    serving = model.get_serving_input(folder)
    record = {
        "mlflow": mlflow.__version__,
        "to_yaml_equals_file": model.to_yaml() == text,
        "to_dict": model.to_dict(),
        "input_schema": model.signature.inputs.to_dict() if model.signature else None,
        "output_schema": model.signature.outputs.to_dict() if model.signature else None,
        "input_example": None,
        "input_example_flat": None,
        "serving_input": json.loads(serving) if serving else None,
        "example_matches_signature": None,
    }
    if example is not None:
        if isinstance(example, np.ndarray):
            record["input_example"] = example.tolist()
            record["input_example_flat"] = example.reshape(-1).tolist()
        else:
            record["input_example"] = example.to_dict(orient="split")
        try:
            validate_schema(example, model.signature.inputs)
            record["example_matches_signature"] = True
        except Exception as e:  # recorded, so a mismatch shows in the fixture
            record["example_matches_signature"] = False
            record["validate_error"] = str(e)
    with open(os.path.join(folder, "model-load.json"), "w") as f:
        json.dump(record, f, indent=2, sort_keys=True, default=str)
        f.write("\n")
    print(name, "to_yaml==file:", record["to_yaml_equals_file"], "example ok:", record["example_matches_signature"])
