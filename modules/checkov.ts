import { TerraformElement } from 'cdktf';

/**
 * Records checkov suppressions on a resource, each with its justification, under the resource's
 * Terraform JSON comment property (`"//": {"checkov": [...]}`). checkov's terraform_json scanner
 * ignores inline skips (bridgecrewio/checkov#4634), so `writeCheckovBaselines` turns these into
 * a per-stack baseline file after synth. Call it next to the resource it excuses.
 */
export function checkovSkip(resource: TerraformElement, reasons: Readonly<Record<string, string>>): void {
  const merged = { ...skipsByResource.get(resource), ...reasons };
  skipsByResource.set(resource, merged);
  resource.addOverride(
    `//.${CHECKOV_COMMENT_KEY}`,
    Object.entries(merged).map(([checkId, reason]) => `checkov:skip=${checkId}:${reason}`),
  );
}

export const CHECKOV_COMMENT_KEY = 'checkov';

const skipsByResource = new WeakMap<TerraformElement, Record<string, string>>();
