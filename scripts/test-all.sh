#!/usr/bin/env bash
# The project's whole test command (`npm test`): what CI runs, in the order that fails fastest.
# It first installs what the tests need (`npm run setup`: seconds when already in place); the integration
# tests' global setup then starts the test run's own OpenSearch nodes and moto (or uses OPENSEARCH_URL,
# OPENSEARCH_SECURE_URL / MOTO_ENDPOINT when set).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step setup
bash scripts/setup-tools.sh
step lint
npm run --silent lint
step typecheck
npm run --silent typecheck
step 'unit tests'
mkdir -p build/test-results
npx jest --selectProjects unit --json --outputFile=build/test-results/unit.json
if [[ -f main.ts ]]; then
  step synth
  npm run --silent synth
fi
if [[ -d cdktf.out/stacks ]]; then
  step checkov
  bash scripts/checkov.sh
fi
step 'integration tests'
# In band: on 2 cores the OpenSearch node needs the other one, and a second worker only adds contention.
npx jest --selectProjects integration --runInBand --json --outputFile=build/test-results/integration.json

step summary
npx tsx scripts/print-test-summary.ts build/test-results/unit.json build/test-results/integration.json
