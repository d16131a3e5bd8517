import { parseConfig } from '../../../config/load';
import type { SiemConfig } from '../../../config/schema';
import {
  SERVICE_DESK_CHANNEL_ID,
  channelRoutes,
  notificationChannels,
  routesForSeverity,
  routingWarnings,
  unroutedMonitors,
  type SecretReference,
} from '../../../detections/channels';
import type { Severity } from '../../../detections/types';
import { testOrganization } from '../../support/config';

function config(alerting: Record<string, unknown>): SiemConfig {
  return parseConfig({
    ...testOrganization(),
    memberAccounts: [{ id: '333333333333', name: 'workloads' }],
    alerting,
  });
}

const alerting = {
  emails: ['desk@example.com'],
  emailMaxSeverity: 3,
  channels: [
    { name: 'soc-slack', type: 'slack', url: { secretsManagerSecretName: 'siem/slack' }, maxSeverity: 2 },
    { name: 'team-chime', type: 'chime', url: { ssmParameterName: '/siem/chime' }, maxSeverity: 4 },
    { name: 'oncall', type: 'webhook', url: { ssmParameterName: '/siem/oncall' }, maxSeverity: 1 },
  ],
};

const resolveUrl = async (ref: SecretReference) =>
  'secretsManagerSecretName' in ref
    ? `http://127.0.0.1:9999/sm/${ref.secretsManagerSecretName}`
    : `http://127.0.0.1:9999/ssm${ref.ssmParameterName}`;

describe('channel choice per severity', () => {
  const routes = channelRoutes(config(alerting));

  it.each<[Severity, string[]]>([
    [1, [SERVICE_DESK_CHANNEL_ID, 'siem-soc-slack', 'siem-team-chime', 'siem-oncall']],
    [2, [SERVICE_DESK_CHANNEL_ID, 'siem-soc-slack', 'siem-team-chime']],
    [3, [SERVICE_DESK_CHANNEL_ID, 'siem-team-chime']],
    [4, ['siem-team-chime']],
    [5, []],
  ])('severity %i goes to %j', (severity, expected) => {
    // Act
    const chosen = routesForSeverity(routes, severity).map((r) => r.configId);

    // Assess
    expect(chosen).toEqual(expected);
  });

  it('leaves the service desk out when nobody is subscribed to it', () => {
    // Act
    const ids = channelRoutes(config({ ...alerting, emails: [] })).map((r) => r.configId);

    // Assess
    expect(ids).not.toContain(SERVICE_DESK_CHANNEL_ID);
    expect(ids).toHaveLength(3);
  });

  it('uses the secure defaults: email for severity 1-4, chat channels for 1-2', () => {
    // Act
    const defaults = channelRoutes(
      config({
        emails: ['desk@example.com'],
        channels: [{ name: 'chat', type: 'slack', url: { ssmParameterName: '/c' } }],
      }),
    );

    // Assess
    expect(defaults.map((r) => [r.configId, r.maxSeverity])).toEqual([
      [SERVICE_DESK_CHANNEL_ID, 4],
      ['siem-chat', 2],
    ]);
  });
});

describe('detections that would notify nobody', () => {
  const items = [
    { id: 'urgent', severity: 1 },
    { id: 'cis-security-group-changes', severity: 4 },
    { id: 'cis-console-authentication-failures', severity: 4 },
    { id: 'informational', severity: 5 },
  ] as const;

  it('are none with the default routing (severity 5 is informational and notifies nobody by design)', () => {
    // Prepare
    const routes = channelRoutes(config({ emails: ['desk@example.com'] }));

    // Act
    const unrouted = unroutedMonitors(items, routes).map((i) => i.id);

    // Assess
    expect(unrouted).toEqual([]);
    expect(routesForSeverity(routes, 5)).toEqual([]);
  });

  it('are named, grouped by severity, when the email channel stops at severity 3', () => {
    // Prepare
    const routes = channelRoutes(config({ emails: ['desk@example.com'], emailMaxSeverity: 3 }));

    // Act
    const warnings = routingWarnings(items, routes);

    // Assess
    expect(warnings).toEqual([
      '2 monitor(s) of severity 4 notify nobody, no channel takes severity 4 (alerting.emailMaxSeverity, alerting.channels[].maxSeverity): cis-security-group-changes, cis-console-authentication-failures',
    ]);
  });

  it('are all of them when no channel is configured at all', () => {
    // Act
    const warnings = routingWarnings(items, channelRoutes(config({})));

    // Assess
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^1 monitor\(s\) of severity 1 notify nobody, no channel is configured .*: urgent$/,
    );
  });

  it('leave severity 5 out even when a channel is set to take it', () => {
    // Prepare
    const routes = channelRoutes(
      config({
        channels: [{ name: 'chat', type: 'slack', url: { ssmParameterName: '/c' }, maxSeverity: 5 }],
      }),
    );

    // Act
    const chosen = ([1, 4, 5] as const).map((severity) => routesForSeverity(routes, severity).length);

    // Assess
    expect(chosen).toEqual([1, 1, 0]);
    expect(unroutedMonitors(items, routes)).toEqual([]);
  });

  it('are none when a chat channel takes what email does not', () => {
    // Prepare
    const routes = channelRoutes(
      config({
        emails: ['desk@example.com'],
        emailMaxSeverity: 2,
        channels: [{ name: 'chat', type: 'slack', url: { ssmParameterName: '/c' }, maxSeverity: 5 }],
      }),
    );

    // Act
    const warnings = routingWarnings(items, routes);

    // Assess
    expect(warnings).toEqual([]);
  });
});

describe('notificationChannels', () => {
  it('builds one config per channel with stable ids and resolved URLs', async () => {
    // Act
    const bodies = await notificationChannels(config(alerting), {
      snsTopicArn: 'arn:aws:sns:eu-west-1:222222222222:siem-alerts',
      snsRoleArn: 'arn:aws:iam::222222222222:role/siem-opensearch-sns',
      resolveUrl,
    });

    // Assess
    expect(bodies.map((b) => [b.config_id, b.config.config_type])).toEqual([
      [SERVICE_DESK_CHANNEL_ID, 'sns'],
      ['siem-soc-slack', 'slack'],
      ['siem-team-chime', 'chime'],
      ['siem-oncall', 'webhook'],
    ]);
    expect(bodies[0]?.config.sns).toEqual({
      topic_arn: 'arn:aws:sns:eu-west-1:222222222222:siem-alerts',
      role_arn: 'arn:aws:iam::222222222222:role/siem-opensearch-sns',
    });
    expect(bodies[1]?.config.slack).toEqual({ url: 'http://127.0.0.1:9999/sm/siem/slack' });
    expect(bodies[2]?.config.chime).toEqual({ url: 'http://127.0.0.1:9999/ssm/siem/chime' });
    expect(bodies[3]?.config.webhook).toMatchObject({
      url: 'http://127.0.0.1:9999/ssm/siem/oncall',
      method: 'POST',
    });
  });

  it('refuses a secret that is not a URL, without echoing the secret', async () => {
    // Prepare
    const leaky = async () => 'xoxb-not-a-url-secret-token';

    // Act
    const result = notificationChannels(config(alerting), {
      snsTopicArn: 'arn:aws:sns:eu-west-1:1:t',
      resolveUrl: leaky,
    });

    // Assess
    await expect(result).rejects.toThrow(/soc-slack/);
    await expect(result).rejects.not.toThrow(/xoxb/);
  });

  it('omits the role when none is given (self-managed clusters)', async () => {
    // Act
    const [sns] = await notificationChannels(config({ emails: ['desk@example.com'] }), {
      snsTopicArn: 'arn:aws:sns:eu-west-1:222222222222:siem-alerts',
      resolveUrl,
    });

    // Assess
    expect(sns?.config.sns).toEqual({ topic_arn: 'arn:aws:sns:eu-west-1:222222222222:siem-alerts' });
  });
});
