import { getField, parseLogObject } from '../../../functions/ingest';
import { ALB_FIELDS, CLB_FIELDS } from '../../../functions/ingest/parsers/elb';
import { fixture, gzipFixture } from './fixtures';

const pointer = {
  bucket: 'archive',
  key: 'AWSLogs/123456789012/elasticloadbalancing/us-east-2/2018/07/02/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180702T2225Z_10.0.0.1_x.log.gz',
};

describe('ELB access log parser', () => {
  it('parses Application Load Balancer lines with quoted fields and numbers as numbers', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('elb/alb.log'), pointer);

    // Assess
    expect(docs).toHaveLength(3);
    expect(docs[1].document).toMatchObject({
      type: 'https',
      time: '2018-07-02T22:23:00.186641Z',
      elb: 'app/my-loadbalancer/50dc6c495c0c9188',
      client_ip: '192.168.131.39',
      client_port: 2817,
      target_ip: '10.0.0.1',
      target_port: 80,
      request_processing_time: 0.086,
      elb_status_code: 200,
      sent_bytes: 57,
      request: 'GET https://www.example.com:443/ HTTP/1.1',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101',
      ssl_protocol: 'TLSv1.2',
      domain_name: 'www.example.com',
      matched_rule_priority: 1,
      actions_executed: 'authenticate,forward',
      target_port_list: '10.0.0.1:80',
      conn_trace_id: 'TID_1234abcd5678ef90',
    });
    expect(docs[0].index).toBe('siem-elb-2018.07.02');
  });

  it.each([
    [0, 'GET', 'success', '192.168.131.39'],
    [2, 'GET', 'failure', '10.0.1.252'],
  ])('ALB record %i: action %s outcome %s from %s', async (i, action, outcome, ip) => {
    // Act
    const docs = await parseLogObject(gzipFixture('elb/alb.log'), pointer);

    // Assess
    expect(getField(docs[i].document, 'event.action')).toBe(action);
    expect(getField(docs[i].document, 'event.outcome')).toBe(outcome);
    expect(getField(docs[i].document, 'source.ip')).toBe(ip);
    expect(getField(docs[i].document, 'cloud.region')).toBe('us-east-2');
    expect(getField(docs[i].document, 'cloud.account.id')).toBe('123456789012');
  });

  it('leaves out dashes (no target, no status) rather than indexing them', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('elb/alb.log'), pointer);

    // Assess
    expect(docs[2].document).not.toHaveProperty('target_ip');
    expect(docs[2].document).not.toHaveProperty('target_status_code');
    expect(docs[2].document.target_processing_time).toBe(-1);
  });

  it('parses Classic Load Balancer lines, including TCP listener lines', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('elb/classic.log'), pointer);

    // Assess
    expect(docs).toHaveLength(3);
    expect(docs[0].document).toMatchObject({
      time: '2015-05-13T23:39:43.945958Z',
      elb: 'my-loadbalancer',
      backend_ip: '10.0.0.1',
      backend_port: 80,
      backend_processing_time: 0.001048,
      backend_status_code: 200,
      '@timestamp': '2015-05-13T23:39:43.945Z',
    });
    expect(getField(docs[1].document, 'event.outcome')).toBe('failure');
    expect(docs[2].document.request).toBe('- - - ');
    expect(getField(docs[2].document, 'event.action')).toBeUndefined();
    expect(docs[2].document).not.toHaveProperty('elb_status_code');
  });

  it('keeps the known fields of a line with more fields than it knows, and the rest under extra_fields', async () => {
    // Prepare: every documented ALB field, then two AWS may add later.
    const line = fixture('elb/alb.log').toString().split('\n')[1];
    const body = Buffer.from(`${line} "www.example.com" "/index.html" "-" "some new field" 42\n`);

    // Act
    const docs = await parseLogObject(body, pointer);

    // Assess
    expect(docs).toHaveLength(1);
    expect(docs[0].document).toMatchObject({
      client_ip: '192.168.131.39',
      elb_status_code: 200,
      conn_trace_id: 'TID_1234abcd5678ef90',
      transformed_host: 'www.example.com',
      transformed_uri: '/index.html',
      extra_fields: ['some new field', '42'],
    });
    expect(docs[0].document).not.toHaveProperty('request_transform_status');
    // The line really goes two fields past the documented ones.
    expect(line.match(/"[^"]*"|\S+/g)!.length + 5).toBe(ALB_FIELDS.length + 2);
  });

  it('keeps trailing fields of a Classic Load Balancer line the same way', async () => {
    // Prepare
    const line = fixture('elb/classic.log').toString().split('\n')[0];
    const body = Buffer.from(`${line} "x" -\n`);

    // Act
    const docs = await parseLogObject(body, pointer);

    // Assess
    expect(docs[0].document).toMatchObject({ backend_status_code: 200, extra_fields: ['x', '-'] });
    expect(line.match(/"[^"]*"|\S+/g)).toHaveLength(CLB_FIELDS.length);
  });

  it('has no extra_fields when a line has no more fields than it knows', async () => {
    // Act
    const docs = await parseLogObject(fixture('elb/alb.log'), pointer);

    // Assess
    expect(docs).toHaveLength(3);
    for (const d of docs) expect(d.document).not.toHaveProperty('extra_fields');
  });

  it('still rejects a line with too few fields to be an access log line', async () => {
    // Act
    const result = parseLogObject(
      Buffer.from('http 2018-07-02T22:23:00.186641Z app/lb 1.2.3.4:5 -\n'),
      pointer,
    );

    // Assess
    await expect(result).rejects.toThrow(/not an ELB access log line \(5 fields\)/);
  });
});
