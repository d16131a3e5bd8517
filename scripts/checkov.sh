#!/usr/bin/env bash
# Scans every synthesized stack (cdktf.out/stacks/*/cdk.tf.json) with checkov (`npm run checkov`);
# fails when any check fails. Run `npm run synth` first. A stack's checkov-baseline.json (written by
# synth from the justified skips in code, see README "Checkov") suppresses exactly those findings.
# Extra arguments go to checkov.
set -euo pipefail
cd "$(dirname "$0")/.."

checkov=.venv/bin/checkov
stacks_dir=cdktf.out/stacks
if [[ ! -x $checkov ]]; then
  echo "checkov: $checkov is missing; run \`npm run setup\` (scripts/setup-tools.sh)" >&2
  exit 1
fi
if [[ ! -d $stacks_dir ]]; then
  echo "checkov: $stacks_dir is missing; run \`npm run synth\` first" >&2
  exit 1
fi
shopt -s nullglob
stacks=("$stacks_dir"/*/cdk.tf.json)
if ((${#stacks[@]} == 0)); then
  echo "checkov: no $stacks_dir/*/cdk.tf.json; did \`npm run synth\` succeed?" >&2
  exit 1
fi

# --skip-download: no network here, and nothing from Prisma Cloud is needed.
failed=()
for stack in "${stacks[@]}"; do
  dir=$(dirname "$stack")
  baseline=()
  [[ -f $dir/checkov-baseline.json ]] && baseline=(--baseline "$dir/checkov-baseline.json")
  echo "checkov: $dir ${baseline[*]}"
  if ! "$checkov" -d "$dir" --framework terraform_json --compact --quiet --skip-download "${baseline[@]}" "$@"; then
    failed+=("$dir")
  fi
done
if ((${#failed[@]})); then
  echo "checkov: failed checks in ${#failed[@]} of ${#stacks[@]} stacks: ${failed[*]}" >&2
  exit 1
fi
echo "checkov: ${#stacks[@]} stacks passed"
