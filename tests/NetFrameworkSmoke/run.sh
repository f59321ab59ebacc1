#!/usr/bin/env bash
# Runs the .NET Framework task build (tasks/net472/ as packed) under Mono and the net10.0 build under
# the .NET SDK's MSBuild on the same specs, and compares what they report: fingerprints and errors.
# Needs Mono (Debian: apt-get install mono-runtime mono-devel) and a built src/MlOps.Build (both TFMs).
# Mono stands in for .NET Framework; this is not Visual Studio's msbuild.exe (see docs/msbuild.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/NetFrameworkSmoke
config=${CONFIGURATION:-Debug}
nuget=${NUGET_PACKAGES:-$HOME/.nuget/packages}
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# The host: the harness beside MSBuild 17.11's net472 assemblies and their dependencies, as in MSBuild's bin/.
mkdir -p "$work/host" "$work/tasks"
for dll in microsoft.build.framework/17.11.48/lib/net472/Microsoft.Build.Framework.dll \
           microsoft.build.utilities.core/17.11.48/lib/net472/Microsoft.Build.Utilities.Core.dll \
           microsoft.net.stringtools/17.11.48/lib/net472/Microsoft.NET.StringTools.dll \
           system.collections.immutable/8.0.0/lib/net462/System.Collections.Immutable.dll \
           system.memory/4.5.5/lib/net461/System.Memory.dll \
           system.runtime.compilerservices.unsafe/6.0.0/lib/net461/System.Runtime.CompilerServices.Unsafe.dll; do
  cp "$nuget/$dll" "$work/host/"
done
# The tasks: what the package's tasks/net472/ holds (the pack takes every dll of this folder but MSBuild's).
cp "$root/src/MlOps.Build/bin/$config/net472/"*.dll "$work/tasks/"
rm -f "$work/tasks/"Microsoft.Build*.dll
mcs -nologo -target:exe -out:"$work/host/harness.exe" \
  -r:"$work/host/Microsoft.Build.Framework.dll" -r:"$work/host/Microsoft.Build.Utilities.Core.dll" "$here/TaskHarness.cs"

# Specs with a YAML error and with binding errors: positions and messages must match too.
mkdir -p "$work/specs"
printf 'name: broken\nseed: [1\n' > "$work/specs/yaml-error.yaml"
printf 'name: Bad Name!\ndevice: gpu\nseed: 1.5e\n' > "$work/specs/bind-error.yaml"
# Not UTF-8 (decoded by the Rune polyfill on .NET Framework): a stray byte, an overlong form, a surrogate.
printf 'name: a\nseed: 1 # caf\xff\n' > "$work/specs/utf8-stray.yaml"
printf 'name: a\n\xc0\x80\n' > "$work/specs/utf8-overlong.yaml"
printf 'name: \xc3\xa9t\xc3\xa9\nx: \xed\xa0\x80\n' > "$work/specs/utf8-surrogate.yaml"

# Symbolic links (read by readlink(2) under Mono): data through a link inside the repository, and through one that leaves it.
for where in inside outside; do
  repo=$work/links-$where
  mkdir -p "$repo/.git" "$work/elsewhere"
  cp -r "$root/samples/credit/specs" "$root/samples/credit/models" "$repo/"
  if [ $where = inside ]; then cp -r "$root/samples/credit/data" "$repo/real-data"; ln -s real-data "$repo/data"
  else cp -r "$root/samples/credit/data" "$work/elsewhere/data-$where"; ln -s "$work/elsewhere/data-$where" "$repo/data"; fi
done

status=0
for spec in "$root"/samples/*/specs/*.yaml "$work"/specs/*.yaml "$work"/links-*/specs/*.yaml; do
  name=$(basename "$(dirname "$(dirname "$spec")")")-$(basename "$spec")
  repo=$root; case $spec in "$work"/links-*) repo=$(dirname "$(dirname "$spec")");; esac
  mono "$work/host/harness.exe" "$work/tasks/MlOps.Build.dll" "$spec" "$work/out-mono/$name" "$repo" > "$work/mono.txt" || true
  dotnet msbuild "$here/Fingerprint.proj" -nologo -v:m -nr:false \
    -p:TasksAssembly="$root/src/MlOps.Build/bin/$config/net10.0/MlOps.Build.dll" \
    -p:Spec="$spec" -p:Out="$work/out-sdk/$name" -p:Root="$repo" > "$work/sdk.txt" || true
  # Compare what both hosts report: planned fingerprints, and errors with their line and column
  # (MSBuild writes "file : error" without a position and appends the project).
  pattern='(planned .*|(\([0-9]+,[0-9]+\))? ?: error MLOPS[0-9]+: .*)'
  grep -oE "$pattern" "$work/mono.txt" | sed 's/^ :/:/' | sort > "$work/mono.cmp" || true
  grep -oE "$pattern" "$work/sdk.txt" | sed 's/ \[[^]]*\]$//; s/^ :/:/' | sort > "$work/sdk.cmp" || true
  if [ -s "$work/mono.cmp" ] && diff -u "$work/sdk.cmp" "$work/mono.cmp" > "$work/diff.txt"; then
    echo "same   $name ($(wc -l < "$work/mono.cmp") lines): $(head -1 "$work/mono.cmp")"
  else
    echo "DIFFER $name"; cat "$work/diff.txt" "$work/mono.txt"; status=1
  fi
done
# result.json → @(MlOpsRunResult) metadata (System.Text.Json reading; numbers written back as text).
printf '{ "verdict": "passed", "tracking": { "run_id": "r1" }, "metrics": { "validation": { "accuracy": 0.30000000000000004, "log_loss": 0.1 } } }' > "$work/result.json"
mono "$work/host/harness.exe" "$work/tasks/MlOps.Build.dll" --results "$work/result.json" | grep '^result' > "$work/mono.cmp" || true
dotnet msbuild "$here/Fingerprint.proj" -t:Results -nologo -v:m -nr:false -p:TasksAssembly="$root/src/MlOps.Build/bin/$config/net10.0/MlOps.Build.dll" \
  -p:ResultFile="$work/result.json" | grep -oE 'result .*' > "$work/sdk.cmp" || true
if [ -s "$work/mono.cmp" ] && diff -u "$work/sdk.cmp" "$work/mono.cmp"; then echo "same   result.json: $(cat "$work/mono.cmp")"; else echo "DIFFER result.json"; status=1; fi

grep -E '^(runtime|loaded (System.Text.Json|System.Memory|YamlDotNet|MlOps))' "$work/mono.txt" || true
exit $status
