import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardsUserCommand } from '../../../cli/commands/dashboards-user';
import { awsTestClientConfig } from '../../support/env';

/*
 * `siem dashboards-user add` against moto's Cognito: a pool set up as the log-archive stack's
 * (email is the user name, admins alone create users), found through a `terraform output -json`
 * file like the one the deployment guide writes.
 */

const work = mkdtempSync(join(tmpdir(), 'siem-dashboards-user-'));
const regions: string[] = [];
const out: string[] = [];
const cognito = new CognitoIdentityProviderClient(awsTestClientConfig());
const command = dashboardsUserCommand({
  cognito: (region) => {
    regions.push(region);
    return new CognitoIdentityProviderClient({ ...awsTestClientConfig(), region });
  },
  out: (line) => void out.push(line),
});
let userPoolId: string;
let outputsFile: string;

beforeAll(async () => {
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: `siem-dashboards-${process.pid}-${Date.now()}`,
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    }),
  );
  userPoolId = UserPool!.Id!;
  outputsFile = join(work, 'log-archive-outputs.json');
  writeFileSync(
    outputsFile,
    JSON.stringify({
      domainEndpoint: {
        value: 'search-siem-logs-abc.us-east-1.es.amazonaws.com',
        type: 'string',
        sensitive: false,
      },
      userPoolId: { value: userPoolId, type: 'string', sensitive: false },
    }),
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(() => {
  out.length = 0;
  regions.length = 0;
});

async function attributesOf(email: string): Promise<{ status?: string; attributes: Record<string, string> }> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
  return {
    status: user.UserStatus,
    attributes: Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name!, a.Value!])),
  };
}

it('creates the user in the pool of the userPoolId output, email verified, waiting for the first sign-in', async () => {
  // Act
  const code = await command.run([
    'add',
    '--outputs',
    outputsFile,
    '--email',
    'alice@example.com',
    '--name',
    'Alice',
  ]);

  // Assess
  expect(code).toBe(0);
  expect(regions).toEqual(['us-east-1']);
  expect(out).toEqual([
    `created alice@example.com in ${userPoolId} (FORCE_CHANGE_PASSWORD); Cognito emailed a temporary password`,
  ]);
  const alice = await attributesOf('alice@example.com');
  expect(alice.status).toBe('FORCE_CHANGE_PASSWORD');
  expect(alice.attributes).toMatchObject({
    email: 'alice@example.com',
    email_verified: 'true',
    name: 'Alice',
  });
});

it('reports a user who already exists and changes nothing', async () => {
  // Arrange
  await command.run(['add', '--user-pool-id', userPoolId, '--email', 'bob@example.com', '--name', 'Bob']);
  out.length = 0;

  // Act
  const code = await command.run([
    'add',
    '--outputs',
    outputsFile,
    '--email',
    'bob@example.com',
    '--name',
    'Robert',
  ]);

  // Assess
  expect(code).toBe(0);
  expect(out).toEqual([
    `bob@example.com already exists in ${userPoolId} (FORCE_CHANGE_PASSWORD); nothing changed`,
  ]);
  expect((await attributesOf('bob@example.com')).attributes.name).toBe('Bob');
});

it('names the pool when it does not exist', async () => {
  const missing = 'us-east-1_doesnotexist1';
  await expect(
    command.run(['add', '--user-pool-id', missing, '--email', 'carol@example.com']),
  ).rejects.toThrow(`cannot create user carol@example.com in user pool ${missing}: no such user pool`);
});

it('names the value at fault for a bad email, pool id or outputs file', async () => {
  await expect(command.run(['add', '--outputs', outputsFile, '--email', 'Alice'])).rejects.toThrow(
    '--email "Alice" is not an email address',
  );
  await expect(
    command.run(['add', '--user-pool-id', 'siem-users', '--email', 'a@example.com']),
  ).rejects.toThrow('"siem-users" is not a Cognito user pool id');
  const noPool = join(work, 'old-outputs.json');
  writeFileSync(noPool, JSON.stringify({ domainEndpoint: { value: 'x', type: 'string' } }));
  await expect(command.run(['add', '--outputs', noPool, '--email', 'a@example.com'])).rejects.toThrow(
    `--outputs ${noPool} has no userPoolId output`,
  );
  await expect(command.run(['remove', '--email', 'a@example.com'])).rejects.toThrow("the only one is 'add'");
  expect(regions).toEqual([]);
});
