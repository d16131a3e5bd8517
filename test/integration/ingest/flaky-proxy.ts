import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP proxy in front of the real OpenSearch node that can make it look like it is
 * struggling: whole requests answered 503/429, bulk items marked 429 after the node did index
 * them (so a retry must overwrite, not duplicate), or the port going away as in a restart.
 */
export type Behaviour =
  | { kind: 'pass' }
  | { kind: 'status'; status: 429 | 503 }
  /** Forward, then report every other bulk item as rejected with 429. */
  | { kind: 'reject-half-items' }
  /** Close the listener and every connection for `ms`, as a restarting node would. */
  | { kind: 'down'; ms: number };

export class FlakyProxy {
  bulkRequests = 0;
  private server?: http.Server;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly target: URL;

  constructor(
    target: string,
    /** Decides what happens to the n-th `_bulk` request (1-based). Other requests always pass. */
    private readonly schedule: (bulkNumber: number) => Behaviour,
  ) {
    this.target = new URL(target);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) =>
      (this.server as http.Server).listen(this.port, '127.0.0.1', resolve),
    );
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const behaviour: Behaviour = req.url?.includes('_bulk')
      ? this.schedule(++this.bulkRequests)
      : { kind: 'pass' };
    if (behaviour.kind === 'down') {
      res.socket?.destroy();
      await this.stop();
      setTimeout(() => void this.start(), behaviour.ms);
      return;
    }
    if (behaviour.kind === 'status') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'simulated' }, status: behaviour.status }));
      return;
    }
    const upstream = await this.forward(req, body);
    let out = upstream.body;
    if (behaviour.kind === 'reject-half-items' && upstream.status === 200) {
      const parsed = JSON.parse(out.toString()) as {
        errors?: boolean;
        items?: Array<Record<string, object>>;
      };
      parsed.items?.forEach((item, i) => {
        if (i % 2 === 0) return;
        const [action] = Object.keys(item);
        item[action] = {
          status: 429,
          error: { type: 'es_rejected_execution_exception', reason: 'simulated queue full' },
        };
      });
      parsed.errors = true;
      out = Buffer.from(JSON.stringify(parsed));
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': out.length });
    res.end(out);
  }

  private forward(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers: {
            'content-type': req.headers['content-type'] ?? 'application/json',
            'content-length': body.length,
          },
        },
        (r) => {
          const parts: Buffer[] = [];
          r.on('data', (c: Buffer) => parts.push(c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: Buffer.concat(parts) }));
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}
