import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKOV_BASELINE_FILE, collectSkips, writeCheckovBaselines } from '../../../stacks/checkov-baseline';

const stackJson = {
  resource: {
    aws_s3_bucket: {
      logs: {
        '//': { checkov: ['checkov:skip=CKV_AWS_144:no replication', 'checkov:skip=CKV_AWS_18:loop'] },
      },
      plain: { '//': { metadata: { path: 'x' } } },
    },
    aws_lambda_function: { fn: { '//': { checkov: ['not a skip'] } } },
  },
};

describe('checkov baseline', () => {
  it('collects justified skips under both resource spellings checkov uses', () => {
    // Act
    const findings = collectSkips(stackJson);

    // Assess
    expect(findings).toEqual([
      { resource: 'aws_s3_bucket.logs', check_ids: ['CKV_AWS_144', 'CKV_AWS_18'] },
      { resource: 'resource.logs', check_ids: ['CKV_AWS_144', 'CKV_AWS_18'] },
    ]);
  });

  it('writes one baseline per synthesized stack', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'siem-baseline-'));
    mkdirSync(join(outdir, 'stacks', 'demo'), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'demo', 'cdk.tf.json'), JSON.stringify(stackJson));

    // Act
    writeCheckovBaselines(outdir);

    // Assess
    const baseline = JSON.parse(readFileSync(join(outdir, 'stacks', 'demo', CHECKOV_BASELINE_FILE), 'utf8'));
    expect(baseline.failed_checks).toEqual([{ file: '/cdk.tf.json', findings: collectSkips(stackJson) }]);
  });
});
