#!/usr/bin/env bash
# The project's whole test command (`npm test`): what CI runs, in the order that fails fastest.
# It first installs what the tests need (`npm run setup`: seconds when already in place); the integration
# tests' global setup then starts the test run's own OpenSearch nodes and moto (or uses OPENSEARCH_URL,
# OPENSEARCH_SECURE_URL / MOTO_ENDPOINT when set).
set -euo pipefail

step() { printf '\n=== %s ===\n' "$*"; }

# Fails unless synth wrote at least one stack (<dir>/*/cdk.tf.json): checkov must never be skipped
# because synth wrote nothing. The caller deletes the previous run's cdk.tf.json files first, so
# stale stacks cannot stand in for fresh ones (only those files: old state may still sit beside them).
require_synth_output() {
  local stacks_dir=$1 written
  written=$(find "$stacks_dir" -mindepth 2 -maxdepth 2 -name cdk.tf.json 2>/dev/null | wc -l || true)
  if ((written == 0)); then
    echo "test-all: synth wrote no stack to $stacks_dir/*/cdk.tf.json; nothing for checkov to scan" >&2
    return 1
  fi
}

# Sourced (by its test) for the function above only: `return` succeeds only in a sourced file.
if (return 0 2>/dev/null); then return 0; fi

cd "$(dirname "$0")/.."
step setup
bash scripts/setup-tools.sh
step lint
npm run --silent lint
step typecheck
npm run --silent typecheck
step 'unit tests'
mkdir -p build/test-results
# With coverage (thresholds and reporters in jest.config.js; summary in build/coverage).
npx jest --selectProjects unit --coverage --json --outputFile=build/test-results/unit.json
step synth
rm -f cdktf.out/stacks/*/cdk.tf.json
npm run --silent synth
require_synth_output cdktf.out/stacks
step checkov
bash scripts/checkov.sh
step 'integration tests'
# In band: on 2 cores the OpenSearch node needs the other one, and a second worker only adds contention.
npx jest --selectProjects integration --runInBand --json --outputFile=build/test-results/integration.json

step summary
npx tsx scripts/print-test-summary.ts build/test-results/unit.json build/test-results/integration.json
