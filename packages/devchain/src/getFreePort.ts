import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on a loopback host.
 * @param host - the interface to probe @default '127.0.0.1'
 * @returns a port number that was free a moment ago
 * @example const port = await getFreePort();
 */
export function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
