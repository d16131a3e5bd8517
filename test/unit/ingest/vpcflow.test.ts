import { getField, parseLogObject } from '../../../functions/ingest';
import { isVpcFlowHeader, vpcFlowHeaderNames } from '../../../functions/ingest/parsers/vpcflow';
import { fixture, gzipFixture } from './fixtures';

const pointer = {
  bucket: 'archive',
  key: 'AWSLogs/123456789010/vpcflowlogs/us-east-2/2021/05/04/123456789010_vpcflowlogs_us-east-2_fl-1234abcd_20210504T1505Z_hash.log.gz',
};

describe('VPC flow log parser', () => {
  it('parses the default format with numbers as numbers', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('vpcflow/default-v2.log'), pointer);

    // Assess
    expect(docs).toHaveLength(4);
    expect(docs[0].document).toMatchObject({
      version: 2,
      account_id: '123456789010',
      interface_id: 'eni-1235b8ca123456789',
      srcaddr: '172.31.16.139',
      dstaddr: '172.31.16.21',
      srcport: 20641,
      dstport: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      start: 1418530010,
      end: 1418530070,
      action: 'ACCEPT',
      log_status: 'OK',
      '@timestamp': '2014-12-14T04:06:50.000Z',
    });
    expect(docs[0].index).toBe('siem-vpcflow-2014.12.14');
  });

  it.each([
    [0, 'ACCEPT', 'success', '172.31.16.139'],
    [1, 'REJECT', 'failure', '172.31.9.69'],
    [2, undefined, undefined, undefined],
  ])('record %i: event.action=%s event.outcome=%s source.ip=%s', async (i, action, outcome, ip) => {
    // Act
    const docs = await parseLogObject(fixture('vpcflow/default-v2.log'), pointer);

    // Assess
    expect(getField(docs[i].document, 'event.action')).toBe(action);
    expect(getField(docs[i].document, 'event.outcome')).toBe(outcome);
    expect(getField(docs[i].document, 'source.ip')).toBe(ip);
    expect(getField(docs[i].document, 'cloud.account.id')).toBe('123456789010');
    expect(getField(docs[i].document, 'cloud.region')).toBe('us-east-2');
  });

  it('leaves out NODATA/SKIPDATA "-" fields instead of indexing dashes', async () => {
    // Act
    const docs = await parseLogObject(fixture('vpcflow/default-v2.log'), pointer);

    // Assess
    expect(Object.keys(docs[3].document).sort()).toEqual(
      [
        '@timestamp',
        'event',
        'cloud',
        'version',
        'account_id',
        'interface_id',
        'start',
        'end',
        'log_status',
      ].sort(),
    );
    expect(docs[3].document.log_status).toBe('SKIPDATA');
  });

  it('reads a custom v5 format from its header line', async () => {
    // Act
    const docs = await parseLogObject(fixture('vpcflow/custom-v5.log'), pointer);

    // Assess
    expect(docs).toHaveLength(2);
    expect(docs[0].document).toMatchObject({
      version: 5,
      vpc_id: 'vpc-abcdefab012345678',
      tcp_flags: 19,
      type: 'IPv4',
      pkt_srcaddr: '10.0.1.5',
      region: 'us-east-2',
      az_id: 'use2-az2',
      pkt_dst_aws_service: 'S3',
      flow_direction: 'egress',
      traffic_path: 8,
    });
    expect(docs[0].document).not.toHaveProperty('sublocation_type');
    expect(docs[1].document).not.toHaveProperty('traffic_path');
    expect(docs[1].document.flow_direction).toBe('ingress');
  });

  it('gives every record of an object a distinct, stable id', async () => {
    // Act
    const first = await parseLogObject(fixture('vpcflow/default-v2.log'), pointer);
    const again = await parseLogObject(fixture('vpcflow/default-v2.log'), pointer);
    const elsewhere = await parseLogObject(fixture('vpcflow/default-v2.log'), {
      ...pointer,
      key: `${pointer.key}.2`,
    });

    // Assess
    expect(new Set(first.map((d) => d.id)).size).toBe(first.length);
    expect(again.map((d) => d.id)).toEqual(first.map((d) => d.id));
    expect(elsewhere.map((d) => d.id)).not.toContain(first[0].id);
  });

  it('rejects a line with the wrong number of fields', async () => {
    // Prepare
    const body = Buffer.concat([
      fixture('vpcflow/default-v2.log'),
      Buffer.from('2 123456789010 eni-1 1.2.3.4\n'),
    ]);

    // Act
    const result = parseLogObject(body, pointer);

    // Assess
    await expect(result).rejects.toThrow(/record 5: expected 14 fields, found 4/);
  });

  it('reads a header naming fields newer than it knows, indexing those as strings', async () => {
    // Prepare
    const body = Buffer.from(
      [
        'version account-id srcaddr dstaddr start end action log-status future-field x2-new-count',
        '8 123456789010 10.0.1.5 10.0.2.6 1620140661 1620140721 ACCEPT OK some-value 17',
        '8 123456789010 10.0.1.5 10.0.2.6 1620140661 1620140721 REJECT OK - -',
        '',
      ].join('\n'),
    );

    // Act
    const docs = await parseLogObject(body, pointer);

    // Assess
    expect(docs).toHaveLength(2);
    expect(docs[0].document).toMatchObject({
      version: 8,
      srcaddr: '10.0.1.5',
      action: 'ACCEPT',
      future_field: 'some-value',
      x2_new_count: '17',
      '@timestamp': '2021-05-04T15:04:21.000Z',
    });
    expect(docs[1].document).not.toHaveProperty('future_field');
    expect(getField(docs[1].document, 'event.outcome')).toBe('failure');
  });

  it('stores a new field named like a common field as flow_<name>', async () => {
    // Prepare
    const body = Buffer.from('version srcaddr start source\n8 10.0.1.5 1620140661 somewhere\n');

    // Act
    const docs = await parseLogObject(body, pointer);

    // Assess
    expect(docs[0].document).toMatchObject({ flow_source: 'somewhere', source: { ip: '10.0.1.5' } });
  });

  it.each<[string, string[] | undefined]>([
    ['version account-id interface-id srcaddr', ['version', 'account-id', 'interface-id', 'srcaddr']],
    ['srcaddr dstaddr brand-new-field', ['srcaddr', 'dstaddr', 'brand-new-field']],
    ['new-field-1 start end\r', ['new-field-1', 'start', 'end']],
    ['hello world', undefined],
    ['version', undefined],
    ['srcaddr srcaddr', undefined],
    ['Version Account-Id', undefined],
    ['srcaddr dst_addr', undefined],
    ['2 123456789010 eni-1235b8ca123456789 172.31.16.139', undefined],
  ])('takes %j as a header with fields %j', (line, expected) => {
    // Act & Assess
    expect(vpcFlowHeaderNames(line)).toEqual(expected);
    expect(isVpcFlowHeader(line)).toBe(expected !== undefined);
  });
});
