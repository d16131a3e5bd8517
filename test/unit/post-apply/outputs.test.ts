import { endpointUrl, parseOutputs } from '../../../operations/post-apply/outputs';

const values = {
  domainEndpoint: 'search-siem-abc.eu-west-1.es.amazonaws.com',
  snapshotRoleArn: 'arn:aws:iam::222222222222:role/siem-snapshots',
  snapshotBucket: 'siem-snapshots-222222222222',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:222222222222:siem-alarms',
  ingestRoleArn: 'arn:aws:iam::222222222222:role/siem-ingest-eu-west-1',
  dashboardsUserRoleArn: 'arn:aws:iam::222222222222:role/siem-dashboards-authenticated',
};

describe('parseOutputs', () => {
  it.each([
    [
      'terraform output -json',
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, { value: v, type: 'string', sensitive: false }]),
      ),
    ],
    [
      "cdktf's outputs.json, grouped by stack",
      { 'siem-member-x': { other: 'y' }, 'siem-log-archive': values },
    ],
    [
      'output names with a cdktf hash suffix',
      Object.fromEntries(Object.entries(values).map(([k, v]) => [`${k}_A1B2C3`, v])),
    ],
  ])('reads %s', (_format, raw) => {
    expect(parseOutputs(raw)).toEqual(values);
  });

  it('names the problem when the stack has no domain endpoint', () => {
    expect(() => parseOutputs({ bucket: { value: 'x', type: 'string' } }, 'member.json')).toThrow(
      'member.json: no domainEndpoint output',
    );
  });
});

describe('endpointUrl', () => {
  it.each([
    ['search-x.eu-west-1.es.amazonaws.com', 'https://search-x.eu-west-1.es.amazonaws.com'],
    ['http://localhost:9200/', 'http://localhost:9200'],
  ])('turns %s into %s', (raw, url) => {
    expect(endpointUrl(raw)).toBe(url);
  });
});
