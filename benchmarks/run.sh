#!/usr/bin/env bash
# Runs every benchmark and prints the table; writes benchmarks/results/latest.json.
#   benchmarks/run.sh                 full (~10 min on 2 shared cores)
#   benchmarks/run.sh --quick         fewer rows/steps, same figures
#   benchmarks/run.sh --only training (training|overhead|build|tracking|data|memory|decoder|inference|audio; repeatable)
set -euo pipefail
cd "$(dirname "$0")/.."

# The reference: Debian's PyTorch, and the pthread OpenBLAS it runs fastest with (only the training
# section runs it: `--only build` etc. need no install).
needs_reference=true
if [[ " $* " == *" --only "* && " $* " != *" --only training "* && " $* " != *" --only decoder "* && " $* " != *" --only audio "* ]]; then needs_reference=false; fi
if $needs_reference && { ! /usr/bin/python3 -c 'import torch' 2>/dev/null || [ ! -d /usr/lib/x86_64-linux-gnu/openblas-pthread ]; }; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
fi
dotnet build benchmarks/MlOps.Benchmarks -c Release -nologo -v:q
dotnet build src/MlOps.Cli -c Release -nologo -v:q
dotnet build samples/images -nologo -v:q   # the no-op build benchmark starts from a built sample
/usr/bin/python3 benchmarks/bench.py "$@"
