import { Client } from '@opensearch-project/opensearch';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { channelRoutes, notificationChannels } from '../../../detections/channels';
import { buildMonitor } from '../../../detections/monitors';
import type { Detection } from '../../../detections/types';
import { parseLogObject } from '../../../functions/ingest';
import { indexTemplates } from '../../../opensearch/index-templates';
import { openSearchUrl } from '../../support/env';
import { sampleObject } from './sample-objects';

/*
 * The whole alert path on a real node: channel bodies accepted by the Notifications plugin, a
 * monitor run for real (not a dry run) sending its message to a local webhook.
 */

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const prefix = `dtestn-${run}-`;
const client = new Client({ node: openSearchUrl() });
const received: string[] = [];
let server: Server;
let hookUrl: string;

const config = parseConfig({
  homeRegion: 'eu-west-1',
  organization: {
    id: 'o-a1b2c3d4e5',
    managementAccountId: '111111111111',
    logArchiveAccountId: '222222222222',
  },
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  alerting: {
    emails: ['desk@example.com'],
    emailMaxSeverity: 3,
    channels: [
      {
        name: `t${run}-slack`,
        type: 'slack',
        url: { secretsManagerSecretName: 'siem/slack' },
        maxSeverity: 2,
      },
      { name: `t${run}-hook`, type: 'webhook', url: { ssmParameterName: '/siem/hook' }, maxSeverity: 1 },
    ],
  },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await client.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  for (const template of indexTemplates({ prefix })) {
    await client.indices.deleteIndexTemplate({ name: template.name }).catch(() => undefined);
  }
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('notification channels and monitor actions', () => {
  it('creates every channel type and delivers a fired monitor message to the webhook', async () => {
    // Prepare
    const bodies = await notificationChannels(config, {
      snsTopicArn: 'arn:aws:sns:eu-west-1:222222222222:siem-alerts',
      snsRoleArn: 'arn:aws:iam::222222222222:role/siem-opensearch-sns',
      resolveUrl: async (ref) =>
        'ssmParameterName' in ref ? hookUrl : 'https://hooks.slack.com/services/T000/B000/XXXX',
    });
    const created: string[] = [];
    for (const body of bodies.filter((b) => b.config_id !== 'siem-sns-service-desk')) {
      const response = await client.transport.request({
        method: 'POST',
        path: '/_plugins/_notifications/configs',
        body,
      });
      created.push((response.body as { config_id: string }).config_id);
    }
    const detection = allDetections(config).find((d) => d.id === 'cloudtrail-stop-logging') as Detection;
    const object = sampleObject('cloudtrail', detection.positiveSamples, Date.now());
    const docs = await parseLogObject(
      object.body,
      { bucket: 'archive', key: object.key },
      { source: 'cloudtrail' },
    );
    for (const template of indexTemplates({ prefix, priority: 900 })) {
      await client.indices.putIndexTemplate({ name: template.name, body: template.body });
    }
    const index = `${prefix}cloudtrail-stop-logging`;
    await client.bulk({
      refresh: true,
      body: docs.flatMap((d) => [{ create: { _index: index, _id: d.id } }, d.document]),
    });
    const routes = channelRoutes(config).filter((r) => r.configId === `siem-t${run}-hook`);

    // Act
    const result = await client.transport.request({
      method: 'POST',
      path: '/_plugins/_alerting/monitors/_execute',
      querystring: { dryrun: 'false' },
      body: { monitor: buildMonitor(detection, { indexPattern: index, channels: routes }) },
    });
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    for (const id of created) {
      await client.transport.request({ method: 'DELETE', path: `/_plugins/_notifications/configs/${id}` });
    }

    // Assess
    expect(created).toEqual([`siem-t${run}-slack`, `siem-t${run}-hook`]);
    expect(JSON.stringify(result.body)).not.toMatch(/"error":"[^n]/);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('CloudTrail logging stopped');
    expect(received[0]).toContain('T1562.008');
    expect(received[0]).toContain('Matching events: 1');
  });
});
