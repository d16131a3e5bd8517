/**
 * A moto server (AWS APIs emulated in-process by the `moto` Python package from .venv/) on a free loopback port.
 * It runs as a child of the caller and lives until `stop()`; state is in memory, so each start is empty.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertPortFree, freePort } from './free-port';
import { venvBin } from './paths';
import { isAlive, sleep, tail, terminate } from './process-control';

export interface MotoServer {
  endpoint: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Default: MOTO_PORT, else a free port. */
  port?: number;
  timeoutMs?: number;
}

const motoServerBin = path.join(venvBin, 'moto_server');

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  if (!fs.existsSync(motoServerBin)) {
    throw new Error(`${motoServerBin} is missing: run \`npm run setup\` (scripts/setup-tools.sh)`);
  }
  const configuredPort = options.port ?? (process.env.MOTO_PORT ? Number(process.env.MOTO_PORT) : undefined);
  if (configuredPort !== undefined) await assertPortFree(configuredPort, 'MOTO_PORT');
  const port = configuredPort ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 30_000;
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'siem-moto-')), 'moto.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(motoServerBin, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
  });
  fs.closeSync(logFd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${motoServerBin}`);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await terminate(pid, 5_000);
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (!isAlive(pid) || Date.now() > deadline) {
      await terminate(pid, 1_000);
      throw new Error(`moto server did not come up on ${endpoint}; log ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(200);
  }
  console.log(`[moto] listening on ${endpoint} (pid ${pid})`);
  return { endpoint, pid, logFile, stop };
}
