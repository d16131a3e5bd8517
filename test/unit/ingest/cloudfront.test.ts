import { getField, parseLogObject } from '../../../functions/ingest';
import { cloudFrontFieldName } from '../../../functions/ingest/parsers/cloudfront';
import { gzipFixture } from './fixtures';

const FILE = 'cloudfront/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4';
const pointer = { bucket: 'cf-logs', key: `cdn/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4.gz` };

describe('CloudFront standard log parser', () => {
  it.each([
    ['x-edge-location', 'x_edge_location'],
    ['cs(Host)', 'cs_host'],
    ['cs(User-Agent)', 'cs_user_agent'],
    ['time-to-first-byte', 'time_to_first_byte'],
  ])('names field %s as %s', (name, expected) => {
    // Act & Assess
    expect(cloudFrontFieldName(name)).toBe(expected);
  });

  it('reads the columns from the #Fields header', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture(FILE), pointer);

    // Assess
    expect(docs).toHaveLength(3);
    expect(docs[0].document).toMatchObject({
      '@timestamp': '2019-12-04T21:02:31.000Z',
      date: '2019-12-04',
      time: '21:02:31',
      x_edge_location: 'LAX1',
      sc_bytes: 392,
      c_ip: '192.0.2.100',
      cs_method: 'GET',
      cs_host: 'd111111abcdef8.cloudfront.net',
      cs_uri_stem: '/index.html',
      sc_status: 200,
      time_taken: 0.001,
      cs_protocol_version: 'HTTP/2.0',
      c_port: 11040,
      sc_content_type: 'text/html',
      sc_content_len: 78,
    });
    expect(docs[0].document).not.toHaveProperty('cs_referer');
    expect(docs[0].index).toBe('siem-cloudfront-2019.12.04');
  });

  it.each([
    [0, 'success', '192.0.2.100'],
    [1, 'success', '2001:db8::7'],
    [2, 'failure', '192.0.2.222'],
  ])('record %i: outcome %s, source.ip %s', async (i, outcome, ip) => {
    // Act
    const docs = await parseLogObject(gzipFixture(FILE), pointer);

    // Assess
    expect(getField(docs[i].document, 'event.outcome')).toBe(outcome);
    expect(getField(docs[i].document, 'event.action')).toBe('GET');
    expect(getField(docs[i].document, 'source.ip')).toBe(ip);
  });
});
