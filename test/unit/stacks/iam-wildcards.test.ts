import { TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../../main';
import { PolicyStatementJson, asList, exampleSiemConfig, fakeBundler, synthStack } from './synth-helpers';

interface FoundPolicy {
  readonly where: string;
  readonly statements: PolicyStatementJson[];
}

/** Every IAM-style policy document anywhere in a synthesized stack (inline JSON strings). */
function policiesIn(value: unknown, where: string, found: FoundPolicy[] = []): FoundPolicy[] {
  if (typeof value === 'string' && value.includes('"Statement"')) {
    const doc = JSON.parse(value) as { Statement: PolicyStatementJson | PolicyStatementJson[] };
    found.push({ where, statements: Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement] });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => policiesIn(item, `${where}[${i}]`, found));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) policiesIn(child, `${where}.${key}`, found);
  }
  return found;
}

/** `Allow` of every action (`*`) on every resource (`*`): administrator access in disguise. */
function isAdminWildcard(statement: PolicyStatementJson): boolean {
  return (
    (statement.Effect ?? 'Allow') === 'Allow' &&
    asList(statement.Action).includes('*') &&
    asList(statement.Resource).includes('*')
  );
}

const app = buildApp(exampleSiemConfig(), mkdtempSync(join(tmpdir(), 'siem-iam-')), {
  functionBundler: fakeBundler,
});
const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);

describe('IAM policies of every stack', () => {
  it('the scanner recognises an admin wildcard and ignores scoped statements', () => {
    // Prepare
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ],
    });

    // Act
    const flagged = policiesIn({ resource: { x: { policy } } }, 'test').flatMap((p) =>
      p.statements.filter(isAdminWildcard),
    );

    // Assess
    expect(flagged).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  it.each(stacks.map((stack) => [stack.node.id, stack] as const))(
    '%s has no statement allowing * actions on * resources',
    (_name, stack) => {
      // Act
      const policies = policiesIn(synthStack(stack).resource, 'resource');
      const offenders = policies.flatMap((p) => p.statements.filter(isAdminWildcard).map(() => p.where));

      // Assess
      expect(policies.length).toBeGreaterThan(0);
      expect(offenders).toEqual([]);
    },
  );
});
