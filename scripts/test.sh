#!/usr/bin/env bash
# Runs every test suite of the project from ONE release build.
# Stages live in scripts/test.d/NN-name.sh, run in order; each prints its own duration.
# Usage: bash scripts/test.sh            (all stages)
#        bash scripts/test.sh python     (only stages whose name contains "python")
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

filter="${1:-}"
total_start=$(date +%s)
failed=()
for stage in scripts/test.d/*.sh; do
  name=$(basename "$stage" .sh)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  if ! run_stage "$name" bash "$stage"; then failed+=("$name"); fi
done
echo "== all stages: $(( $(date +%s) - total_start ))s"
if ((${#failed[@]})); then echo "FAILED: ${failed[*]}"; exit 1; fi
echo "ALL GREEN"
