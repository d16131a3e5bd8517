#!/usr/bin/env bash
# Installs the local test components (`npm run setup`): moto and checkov into .venv/, and an OpenSearch node
# with lang-painless and plugins assembled from Maven Central into .cache/opensearch/. Safe to run again:
# whatever is already in place is kept, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step() { printf '\n=== setup: %s ===\n' "$*"; }
took() { printf '    (%ss)\n' "$((SECONDS - $1))"; }

step 'required commands'
missing=()
for command in java mvn python3 unzip openssl setpriv node; do
  command -v "$command" >/dev/null || missing+=("$command")
done
if ((${#missing[@]})); then
  echo "missing: ${missing[*]} (Debian: apt-get install default-jdk-headless maven python3-venv unzip openssl util-linux)" >&2
  exit 1
fi
echo "java, mvn, python3, unzip, openssl, setpriv, node: present"

step 'python tools (.venv: moto, checkov)'
t=$SECONDS
requirements=scripts/python/requirements-tools.txt
constraints=scripts/python/constraints-tools.txt
stamp=.venv/.installed-requirements
# The stamp holds the requirement files the venv was built from: a change to either rebuilds it.
wanted=$(cat "$requirements" "$constraints")
if [[ -x .venv/bin/python && -f $stamp && "$(cat "$stamp")" == "$wanted" ]]; then
  echo ".venv is up to date"
else
  [[ -x .venv/bin/python ]] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements" -c "$constraints"
  printf '%s' "$wanted" >"$stamp"
  echo "installed: $(.venv/bin/pip list --format=freeze 2>/dev/null | grep -iE '^(moto|checkov)==' | tr '\n' ' ')"
fi
took "$t"

step "opensearch (.cache/opensearch)"
t=$SECONDS
npx --no-install tsx scripts/local/opensearch.ts install
took "$t"

printf '\nsetup done in %ss\n' "$((SECONDS - started))"
