/** Loopback ports for the local servers: a free one from the kernel, so parallel runs never collide. */
import * as net from 'node:net';

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the kernel assigned'));
      });
    });
  });
}

export function freePort(): Promise<number> {
  return listenOnce(0);
}

/** A configured port must be free: otherwise a health check could be answered by someone else's server. */
export async function assertPortFree(port: number, variable: string): Promise<void> {
  try {
    await listenOnce(port);
  } catch (error) {
    throw new Error(
      `${variable}=${port} is in use (${(error as Error).message}); unset it to use a free port`,
    );
  }
}
