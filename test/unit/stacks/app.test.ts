import { TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SiemConfig } from '../../../config/schema';
import { buildApp } from '../../../main';
import { BUNDLE_TARGET, LAMBDA_RUNTIME } from '../../../modules/function-bundle';
import { localStatePath } from '../../../stacks/stack-foundation';
import { exampleSiemConfig, fakeBundler, resourcesOf, synthStack } from './synth-helpers';

function stacksOf(config: SiemConfig): TerraformStack[] {
  const app = buildApp(config, mkdtempSync(join(tmpdir(), 'siem-app-')), { functionBundler: fakeBundler });
  return app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
}

const backendOf = (stack: TerraformStack) =>
  synthStack(stack).terraform.backend as Record<string, Record<string, unknown>>;

describe('buildApp', () => {
  it('creates the management and archive stacks and one member stack per configured account', () => {
    // Prepare
    const config = exampleSiemConfig();

    // Act
    const names = stacksOf(config).map((stack) => stack.node.id);

    // Assess
    expect(names).toEqual([
      'org-management',
      'log-archive',
      'member-workloads-prod',
      'member-workloads-dev',
      'member-shared-network',
    ]);
  });

  it('scales member stacks with the config', () => {
    // Prepare
    const config = exampleSiemConfig((raw) => {
      raw.memberAccounts = Array.from({ length: 7 }, (_, i) => ({
        id: String(900000000000 + i),
        name: `account-${i}`,
      }));
    });

    // Act
    const members = stacksOf(config).filter((stack) => stack.node.id.startsWith('member-'));

    // Assess
    expect(members).toHaveLength(7);
  });

  it('keeps every stack’s local state in its own file under terraform-state/, outside cdktf.out', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'siem-app-'));
    const app = buildApp(exampleSiemConfig(), outdir, { functionBundler: fakeBundler });
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);

    // Act: Terraform resolves the path from the stack's working directory.
    const stateFiles = stacks.map((stack) => {
      const path = String(backendOf(stack).local?.path);
      return resolve(outdir, 'stacks', stack.node.id, path);
    });

    // Assess
    expect(stateFiles).toEqual(stacks.map((stack) => resolve('terraform-state', `${stack.node.id}.tfstate`)));
    for (const file of stateFiles) expect(file.startsWith(outdir)).toBe(false);
  });

  it.each([
    ['the default folder', 'terraform-state', '../../../terraform-state/log-archive.tfstate'],
    ['a configured folder', 'ops/state', '../../../ops/state/log-archive.tfstate'],
    ['an absolute folder', '/var/lib/siem-state', '/var/lib/siem-state/log-archive.tfstate'],
  ])('writes a machine-independent local state path for %s', (_case, folder, expected) => {
    // Act
    const path = localStatePath('cdktf.out', 'log-archive', folder);

    // Assess
    expect(path).toBe(expected);
  });

  it('keys every stack’s S3 state under the configured prefix, with DynamoDB locking and encryption', () => {
    // Prepare
    const config = exampleSiemConfig((raw) => {
      raw.stateBackend = {
        type: 's3',
        bucket: 'org-tfstate',
        region: 'eu-west-1',
        dynamodbTable: 'tf-locks',
      };
    });

    // Act
    const backends = stacksOf(config).map((stack) => [stack.node.id, backendOf(stack)]);

    // Assess
    for (const [name, backend] of backends) {
      expect(backend).toEqual({
        s3: {
          bucket: 'org-tfstate',
          key: `cdktf-aws-siem/${String(name)}.tfstate`,
          region: 'eu-west-1',
          dynamodb_table: 'tf-locks',
          encrypt: true,
        },
      });
    }
  });
});

describe('Lambda runtimes', () => {
  it('runs every function of every stack on Node.js 22 or newer, the bundle built for the same Node', () => {
    // Prepare: Node.js 20 is end of life; Lambda blocks updates to functions on deprecated runtimes.
    const functions = stacksOf(exampleSiemConfig()).flatMap((stack) =>
      resourcesOf(synthStack(stack), 'aws_lambda_function').map(([name, body]) => ({
        name: `${stack.node.id}/${name}`,
        runtime: String(body.runtime),
      })),
    );

    // Act
    const tooOld = functions.filter(({ runtime }) => {
      const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
      return major === undefined || Number(major) < 22;
    });

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(3);
    expect(tooOld).toEqual([]);
    expect(BUNDLE_TARGET).toBe(`node${/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)?.[1]}`);
  });
});
