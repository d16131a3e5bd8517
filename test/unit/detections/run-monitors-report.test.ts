import { reportLines, type MonitorOutcome } from '../../../cli/commands/run-monitors';
import type { MonitorRun } from '../../../detections/run-monitor';

function run(monitor: string, fields: Partial<MonitorRun>): MonitorOutcome {
  return {
    name: monitor,
    run: {
      monitor,
      triggered: false,
      matchedEvents: 0,
      buckets: [],
      periodStart: 0,
      periodEnd: 600_000,
      ...fields,
    },
  };
}

describe('siem run-monitors report', () => {
  it('says only the counts when nothing fired', () => {
    // Prepare
    const outcomes = [
      run('siem: a', {}),
      { name: 'siem: b', error: "monitor 'siem: b' failed (input): boom" },
    ];

    // Act
    const lines = reportLines(outcomes);

    // Assess
    expect(lines).toEqual([
      '2 monitors run: 0 fired, 1 quiet, 1 errors (OpenSearch Alerting _execute, dry run)',
    ]);
  });

  it('lists the fired monitors by name with their events and buckets, aligned', () => {
    // Prepare
    const outcomes = [
      run('siem: waf-ip-blocked-repeatedly', {
        triggered: true,
        matchedEvents: 12,
        buckets: [
          { key: { key: '203.0.113.7' }, docCount: 7 },
          { key: { key: '198.51.100.1' }, docCount: 5 },
        ],
      }),
      run('siem: quiet', {}),
      run('siem: cloudtrail-stop-logging', { triggered: true, matchedEvents: 1 }),
    ];

    // Act
    const lines = reportLines(outcomes);

    // Assess
    expect(lines).toEqual([
      'FIRED                            EVENTS  BUCKETS',
      'siem: cloudtrail-stop-logging    1',
      'siem: waf-ip-blocked-repeatedly  12      203.0.113.7 (7) 198.51.100.1 (5)',
      '3 monitors run: 2 fired, 1 quiet, 0 errors (OpenSearch Alerting _execute, dry run)',
    ]);
  });
});
