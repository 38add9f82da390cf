// Free TCP ports on 127.0.0.1, several at once: all are held open together while chosen,
// so the same port is never handed out twice in one call.
import { createServer, type Server } from 'node:net';

/**
 * `count` free ports: any the system picks, or random ones within `range` (Temporal keeps
 * membership ports in a smallint column, so those must stay below 32768, under the
 * kernel's ephemeral range).
 */
export async function freePorts(count: number, range?: [number, number]): Promise<number[]> {
  const servers: Server[] = [];
  const listen = (port: number) =>
    new Promise<Server | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  try {
    for (let tries = 0; servers.length < count && tries < count * 50; tries++) {
      const port = range ? range[0] + Math.floor(Math.random() * (range[1] - range[0])) : 0;
      const server = await listen(port);
      if (server) servers.push(server);
    }
    if (servers.length < count) throw new Error(`could not find ${count} free ports`);
    return servers.map((s) => {
      const address = s.address();
      return typeof address === 'object' && address ? address.port : 0;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
