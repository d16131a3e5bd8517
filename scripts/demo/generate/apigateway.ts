import { archivedPayload, type TimedMessage } from './cloudwatch-payload';
import { MINUTE, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { ATTACKER_IP, STORY_MINUTES } from './story';

/*
 * API Gateway access logs of the `orders` REST API's `prod` stage in AWS's documented JSON format:
 * customers' traffic, and in the story a credential-stuffing run from the attacker's address
 * against the login resource.
 */

export const API_STUFFING_ATTEMPTS = 60;
const API_ID = 'a1b2c3d4e5';

export function apiGatewayObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(47);
  const messages: TimedMessage[] = [];
  const request = (
    ms: number,
    ip: string,
    httpMethod: string,
    resourcePath: string,
    path: string,
    status: number,
  ) =>
    messages.push({
      timestamp: ms,
      message: JSON.stringify({
        requestId: `c6af9ac6-7b61-11e6-9a41-${String(messages.length).padStart(12, '0')}`,
        ip,
        caller: '-',
        user: '-',
        requestTime: new Date(ms).toISOString(),
        httpMethod,
        resourcePath,
        path,
        status: String(status),
        protocol: 'HTTP/1.1',
        responseLength: String(random.int(40, 4000)),
        responseLatency: String(random.int(8, 400)),
      }),
    });
  for (let i = 0; i < 40; i++) {
    const id = random.int(1, 900);
    const status = random.next() < 0.05 ? 404 : 200;
    request(
      ctx.now - (55 - i) * MINUTE,
      `192.0.2.${random.int(1, 60)}`,
      'GET',
      '/orders/{id}',
      `/prod/orders/${id}`,
      status,
    );
  }
  for (let i = 0; i < API_STUFFING_ATTEMPTS; i++) {
    const at = ctx.now - (STORY_MINUTES.s3ProbeStart - 1) * MINUTE + i * 2000;
    request(at, ATTACKER_IP, 'POST', '/login', '/prod/login', i % 10 === 9 ? 403 : 401);
  }
  return [
    archivedPayload(
      ctx,
      account,
      {
        logGroup: `/aws/apigateway/access/${API_ID}/prod`,
        logStream: '8f14e45fceea167a5a36dedd4bea2543',
        id: 47,
      },
      messages,
      { apigateway: messages.length },
    ),
  ];
}
