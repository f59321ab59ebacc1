"""The reference for CSV loading: Debian's python3-pandas read_csv, then the features as one float32
matrix and the label as int64 codes, on the file MlOps.Benchmarks `csv --generate` wrote.
Prints one JSON line: seconds, rows/s, peak RSS (MiB) of this process."""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd

path, label = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "y"
started = time.perf_counter()
frame = pd.read_csv(path)
features = frame.drop(columns=[label]).to_numpy(np.float32)
labels = frame[label].astype("category").cat.codes.to_numpy(np.int64)
seconds = time.perf_counter() - started
print(json.dumps({"rows": len(labels), "columns": frame.shape[1], "seconds": seconds, "rows_per_s": len(labels) / seconds,
                  "tensor_mib": (features.nbytes + labels.nbytes) / 1024 / 1024,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "pandas": pd.__version__}))
