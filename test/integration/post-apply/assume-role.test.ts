import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../cli/commands/post-apply';
import { assumedRoleCredentials } from '../../../operations/credentials/assume-role';
import { startMoto, type MotoServer } from '../../../scripts/local/moto';
import { openSearchPathRepo, openSearchUrl } from '../../support/env';

/*
 * `siem post-apply --role-arn` against moto's STS and the real node: a deployer (an IAM user whose
 * only right is sts:AssumeRole on the admin role) runs post-apply through a proxy in front of the
 * node, which records the Authorization header of every request. This file starts its own moto
 * server because it turns on moto's IAM enforcement, which would refuse the other files' callers.
 */

jest.setTimeout(180_000);

const ACCOUNT = '123456789012';
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/siem-opensearch-admin`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/not-the-admin`;
const repoRoot = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'siem-assume-role-'));
const configFile = join(work, 'siem.config.json');
const example = JSON.parse(readFileSync(join(repoRoot, 'siem.config.json'), 'utf8')) as {
  alerting: { channels: unknown[] };
};
// Chat channels' webhook URLs live in Secrets Manager and e-mail needs the alarm topic output: neither is set up here.
writeFileSync(
  configFile,
  JSON.stringify({ ...example, alerting: { ...example.alerting, channels: [], emails: [] } }),
);

interface Captured {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly securityToken: string;
}

let moto: MotoServer;
let proxy: Server;
let proxyUrl: string;
const captured: Captured[] = [];
const savedEnv = { ...process.env };
let deployerKeyId: string;

/** Forwards OpenSearch paths to the node; `/_dashboards` (no Dashboards runs here) answers 502. */
function startProxy(target: URL): Promise<Server> {
  const server = createServer((req, res) => {
    captured.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: String(req.headers.authorization ?? ''),
      securityToken: String(req.headers['x-amz-security-token'] ?? ''),
    });
    if ((req.url ?? '').startsWith('/_dashboards')) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no Dashboards behind this proxy');
      return;
    }
    const { authorization: _a, host: _h, ...headers } = req.headers;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Moto's record of the roles assumed so far: access key id → role ARN. */
async function assumedRoles(): Promise<Map<string, string>> {
  const response = await fetch(`${moto.endpoint}/moto-api/data.json`);
  const data = (await response.json()) as {
    sts?: { AssumedRole?: Array<{ access_key_id: string; role_arn: string }> };
  };
  return new Map((data.sts?.AssumedRole ?? []).map((r) => [r.access_key_id, r.role_arn]));
}

beforeAll(async () => {
  moto = await startMoto();
  const iam = new IAMClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await iam.send(new CreateUserCommand({ UserName: 'deployer' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'deployer',
      PolicyName: 'assume-admin-only',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ADMIN_ROLE }],
      }),
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'deployer' }));
  deployerKeyId = AccessKey!.AccessKeyId!;
  // From here on moto checks every caller's IAM policy, as STS does.
  const reset = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  if (!reset.ok) throw new Error(`moto refused reset-auth: HTTP ${reset.status}`);
  // The default credential chain and endpoint resolution read these: the deployer, moto's STS.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: deployerKeyId,
    AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
    AWS_ENDPOINT_URL_STS: moto.endpoint,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  proxy = await startProxy(new URL(openSearchUrl()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => proxy?.close(resolve));
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function postApply(...args: string[]): Promise<number> {
  const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await command.run(['--config', configFile, '--endpoint', proxyUrl, '--dry-run', ...args]);
  } finally {
    logSpy.mockRestore();
    errSpy.mockRestore();
  }
}

/** `AWS4-HMAC-SHA256 Credential=<key id>/<date>/<region>/<service>/aws4_request, ...` */
function credentialScope(authorization: string): { keyId: string; region: string; service: string } {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request,/.exec(
    authorization,
  );
  if (!match) throw new Error(`not a SigV4 Authorization header: ${JSON.stringify(authorization)}`);
  return { keyId: match[1]!, region: match[2]!, service: match[3]! };
}

it('signs every OpenSearch and Dashboards request with the assumed role, not the caller', async () => {
  captured.length = 0;
  await expect(
    postApply(
      '--role-arn',
      ADMIN_ROLE,
      '--snapshot-fs-location',
      openSearchPathRepo(),
      '--dashboards-endpoint',
      `${proxyUrl}/_dashboards`,
    ),
  ).rejects.toThrow(/_dashboards|HTTP 502/);

  const openSearchRequests = captured.filter((c) => !c.path.startsWith('/_dashboards'));
  const dashboardsRequests = captured.filter((c) => c.path.startsWith('/_dashboards'));
  // Every step before the saved objects read the node: plugins, roles, templates, ISM, snapshots, monitors.
  expect(openSearchRequests.length).toBeGreaterThan(10);
  expect(dashboardsRequests.length).toBeGreaterThan(0);

  const scopes = captured.map((c) => credentialScope(c.authorization));
  const keyIds = new Set(scopes.map((s) => s.keyId));
  expect(keyIds.size).toBe(1);
  const [keyId] = [...keyIds];
  expect(keyId).not.toBe(deployerKeyId);
  expect((await assumedRoles()).get(keyId!)).toBe(ADMIN_ROLE);
  // The example config's home region: the endpoint is not a managed domain's host.
  const homeRegion = (example as unknown as { homeRegion: string }).homeRegion;
  expect(new Set(scopes.map((s) => `${s.region}/${s.service}`))).toEqual(new Set([`${homeRegion}/es`]));
  expect(captured.every((c) => c.securityToken.length > 0)).toBe(true);
});

it('fails before any request when STS refuses the role, naming it', async () => {
  captured.length = 0;
  await expect(postApply('--role-arn', OTHER_ROLE)).rejects.toThrow(
    new RegExp(`cannot assume role ${OTHER_ROLE.replace(/[/]/g, '\\/')}: AccessDenied`),
  );
  expect(captured).toEqual([]);
});

it('refuses something that is not a role ARN without calling STS', async () => {
  await expect(postApply('--role-arn', 'siem-opensearch-admin')).rejects.toThrow(
    '--role-arn "siem-opensearch-admin" is not an IAM role ARN',
  );
  await expect(postApply('--external-id', 'x')).rejects.toThrow('--external-id needs --role-arn');
});

it('keeps the credentials until shortly before they expire, then assumes the role again', async () => {
  let now = Date.now();
  const provider = assumedRoleCredentials({
    roleArn: ADMIN_ROLE,
    durationSeconds: 900,
    refreshBeforeMs: 300_000,
    sts: { region: 'us-east-1' },
    now: () => now,
  });
  const before = (await assumedRoles()).size;
  // Concurrent first calls share one AssumeRole.
  const first = await Promise.all([provider(), provider(), provider()]);
  expect(new Set(first.map((c) => c.accessKeyId)).size).toBe(1);
  expect((await assumedRoles()).size).toBe(before + 1);
  const expiration = first[0]!.expiration!.getTime();

  now = expiration - 301_000;
  expect((await provider()).accessKeyId).toBe(first[0]!.accessKeyId);
  now = expiration - 299_000;
  const refreshed = await provider();
  expect(refreshed.accessKeyId).not.toBe(first[0]!.accessKeyId);
  const roles = await assumedRoles();
  expect(roles.size).toBe(before + 2);
  expect(roles.get(refreshed.accessKeyId)).toBe(ADMIN_ROLE);
});
