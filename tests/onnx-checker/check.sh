#!/usr/bin/env bash
# Exports every family's graph (the ONNX parity tests, keeping their folders) and checks them with
# Debian's python3-onnx 1.12 (/usr/bin/python3, not the pyenv python3 on PATH). With arguments,
# checks the onnx/ folders under those paths instead (e.g. a run's output folder).
# Not part of `dotnet test`: it needs the system Python with python3-onnx.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
if [ "$#" -gt 0 ]; then
  exec /usr/bin/python3 "$root/tests/onnx-checker/check_models.py" "$@"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
MLOPS_KEEP_ONNX="$out" nice dotnet test "$root/tests/MlOps.Core.Tests" --filter "FullyQualifiedName~OnnxFamilyParityTests|FullyQualifiedName~AudioCnnOnnxParityTests|FullyQualifiedName~OnnxSampleRunTests|FullyQualifiedName~DecoderOnnxParityTests|FullyQualifiedName~SlidingWindowOnnxParityTests|FullyQualifiedName~SpeechOnnxParityTests" -v:q --nologo
/usr/bin/python3 "$root/tests/onnx-checker/check_models.py" "$out"
