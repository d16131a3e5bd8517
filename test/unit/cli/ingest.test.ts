import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, EXIT_DEAD_LETTERED } from '../../../cli/commands/ingest';

const FIXTURES = join(__dirname, '../../fixtures');

/** Just enough of OpenSearch for `siem ingest`: index templates (or none) and an accepting _bulk. */
class FakeNode {
  readonly bulkActions: Array<Record<string, { _index: string }>> = [];
  private server?: Server;

  constructor(private readonly templates: string[]) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void body(req).then((text) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET' && url.pathname.startsWith('/_index_template/')) {
          const found = this.templates.map((name) => ({ name, index_template: {} }));
          res.writeHead(found.length > 0 ? 200 : 404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ index_templates: found }));
          return;
        }
        if (req.method === 'POST' && url.pathname === '/_bulk') {
          const lines = text.split('\n').filter(Boolean);
          const actions = lines
            .filter((_, i) => i % 2 === 0)
            .map((l) => JSON.parse(l) as Record<string, { _index: string }>);
          this.bulkActions.push(...actions);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              errors: false,
              items: actions.map((a) => ({ [Object.keys(a)[0]!]: { status: 201 } })),
            }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

async function runIngest(argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const error = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const progress = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await command.run(argv), err: err.join('\n') };
  } finally {
    error.mockRestore();
    log.mockRestore();
    progress.mockRestore();
  }
}

function flowLogWithBadLine(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'siem-ingest-')), 'flows.log');
  writeFileSync(
    file,
    `${readFileSync(join(FIXTURES, 'vpcflow/default-v2.log'), 'utf8')}this is not a flow record\n`,
  );
  return file;
}

describe('siem ingest', () => {
  let node: FakeNode;
  afterEach(() => node.stop());

  it(`exits ${EXIT_DEAD_LETTERED} when a record was dead-lettered`, async () => {
    // Prepare
    node = new FakeNode(['siem-vpcflow', 'siem-deadletter']);
    const endpoint = await node.start();

    // Act
    const { code, err } = await runIngest([flowLogWithBadLine(), '--endpoint', endpoint]);

    // Assess
    expect(node.bulkActions.some((a) => Object.values(a)[0]!._index.startsWith('siem-deadletter'))).toBe(
      true,
    );
    expect(code).toBe(EXIT_DEAD_LETTERED);
    expect(err).toBe('');
  });

  it('exits 0 when every record was indexed', async () => {
    // Prepare
    node = new FakeNode(['siem-vpcflow']);
    const endpoint = await node.start();

    // Act
    const { code } = await runIngest([join(FIXTURES, 'vpcflow/default-v2.log'), '--endpoint', endpoint]);

    // Assess
    expect(node.bulkActions.length).toBeGreaterThan(0);
    expect(code).toBe(0);
  });

  it('exits 1, naming the file, when a file cannot be read', async () => {
    // Prepare
    node = new FakeNode(['siem-vpcflow']);
    const endpoint = await node.start();

    // Act
    const { code, err } = await runIngest(['/nonexistent/flows.log', '--endpoint', endpoint]);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('failed: /nonexistent/flows.log');
  });

  it('warns, naming the command to run, when post-apply has not put the index templates there', async () => {
    // Prepare
    node = new FakeNode([]);
    const endpoint = await node.start();

    // Act
    const { code, err } = await runIngest([join(FIXTURES, 'vpcflow/default-v2.log'), '--endpoint', endpoint]);

    // Assess
    expect(code).toBe(0);
    expect(err).toContain(`warning: ${endpoint} has no siem-* index template`);
    expect(err).toContain(`Run first: siem post-apply --endpoint ${endpoint}`);
  });
});
