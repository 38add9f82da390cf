// A TCP proxy the test can pause: connections stay open but no byte passes, so calls
// through it hang (a slow or partitioned service) instead of failing fast.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  address: string;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const cut = target.lastIndexOf(':');
  const host = target.slice(0, cut);
  const port = Number(target.slice(cut + 1));
  let paused = false;
  /** Each direction of each connection: where its bytes go and what waits while paused. */
  const lanes = new Set<{ to: Socket; held: Buffer[] }>();
  const sockets = new Set<Socket>();

  const lane = (from: Socket, to: Socket) => {
    const l = { to, held: [] as Buffer[] };
    lanes.add(l);
    from.on('data', (chunk: Buffer) => (paused ? l.held.push(chunk) : to.write(chunk)));
    from.on('close', () => lanes.delete(l));
  };
  const server = createServer((inbound) => {
    const outbound = connect(port, host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        inbound.destroy();
        outbound.destroy();
      });
    }
    lane(inbound, outbound);
    lane(outbound, inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    address: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const l of lanes) for (const chunk of l.held.splice(0)) l.to.write(chunk);
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
