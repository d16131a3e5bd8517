import { parseRouted } from './cloudwatch-routed';

const FIXTURE = 'apigateway/access.json';

describe('API Gateway access logs (routed out of CloudWatch Logs)', () => {
  it('keeps the JSON access log under apigateway and types the facts under siem.apigateway', () => {
    // Act
    const { docs, dead } = parseRouted(FIXTURE);

    // Assess
    expect(dead).toEqual([]);
    expect(docs.map((d) => d.event.dataset)).toEqual([
      'apigateway',
      'apigateway',
      'apigateway',
      'apigateway',
      'cloudwatch',
      'apigateway',
    ]);
    expect(docs[0]).toMatchObject({
      event: { action: 'GET /orders/{id}', outcome: 'success' },
      source: { ip: '198.51.100.23' },
      siem: { apigateway: { status: 200, response_length: 512, route: '/orders/{id}', method: 'GET' } },
      apigateway: { status: '200', caller: '-' },
    });
    expect(docs[0]).not.toHaveProperty('user');
  });

  it("reads the REST and HTTP API documented formats, numbers unquoted, nested $context names and '-'", () => {
    // Act
    const { docs } = parseRouted(FIXTURE);

    // Assess
    expect(docs[1]).toMatchObject({ event: { outcome: 'failure' }, user: { name: 'alice' } });
    expect(docs[1].siem.apigateway).not.toHaveProperty('response_length');
    expect(docs[2]).toMatchObject({
      event: { action: 'POST /login', outcome: 'failure' },
      source: { ip: '2001:db8::7' },
      siem: { apigateway: { status: 401, api_id: 'a1b2c3d4e5', stage: '$default' } },
    });
    expect(docs[3]).toMatchObject({
      source: { ip: '192.0.2.44' },
      siem: { apigateway: { path: '/prod/orders/7', latency_ms: 12, user_agent: 'python-requests/2.31' } },
      apigateway: { waf: { status: '-' } },
    });
    expect(docs[3].event).not.toHaveProperty('outcome');
  });

  it('leaves messages that are not JSON objects to the generic route, and keeps an empty object', () => {
    // Act
    const { docs } = parseRouted(FIXTURE);

    // Assess
    expect(docs[4].message).toContain('not JSON');
    expect(docs[5]).toMatchObject({ apigateway: {}, siem: { apigateway: {} } });
  });
});
