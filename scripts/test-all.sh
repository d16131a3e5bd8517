#!/usr/bin/env bash
# The project's whole test command (`npm test`): what CI runs, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step lint
npm run --silent lint
step typecheck
npm run --silent typecheck
step 'unit tests'
npx jest --selectProjects unit --passWithNoTests
