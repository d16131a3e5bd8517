import { LogArchiveStack } from '../../../stacks/log-archive-stack';
import {
  exampleSiemConfig,
  fakeBundler,
  reference,
  synthStack,
  testApp,
  type SynthesizedStack,
} from './synth-helpers';

/** `siem dashboards-user add` reads the pool from this output (sign-up is off: only admins add users). */
let stack: SynthesizedStack;

beforeAll(() => {
  stack = synthStack(
    new LogArchiveStack(testApp(), { config: exampleSiemConfig(), functionBundler: fakeBundler }),
  );
});

it('outputs userPoolId as the id of the Dashboards user pool, the one the domain signs in with', () => {
  // Act
  const value = (stack.output.userPoolId as { value: string } | undefined)?.value;
  const domain = Object.values(stack.resource.aws_opensearch_domain ?? {})[0] as {
    cognito_options?: { user_pool_id?: string };
  };

  // Assess
  expect(value).toBe(`\${${reference(stack, 'aws_cognito_user_pool', 'dashboards-auth')}.id}`);
  expect(domain.cognito_options?.user_pool_id).toBe(value);
});
