import { getField, parseLogObject } from '../../../functions/ingest';
import { gzipFixture } from './fixtures';

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
});
