import net from 'node:net';
import { once } from 'node:events';

/**
 * A TCP proxy a test controls, to make a database "stop answering" without touching the database itself.
 * - `pass`: bytes flow both ways.
 * - `blackhole`: connections stay open but nothing is forwarded (both sides paused, as on a network partition);
 *   new connections are accepted and held. `pass` again delivers what was held, as a healed partition would.
 * - `reset`: every open connection is reset (RST) and new ones are reset at once.
 */
export type ProxyMode = 'pass' | 'blackhole' | 'reset';

export interface TcpProxy {
  port: number;
  readonly mode: ProxyMode;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const pairs = new Set<Pair>();

  // Forwarded by hand, not piped: a pipe resumes a paused source on drain, which would leak through a black hole.
  function connectUpstream(pair: Pair) {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    pair.client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => pair.client.write(d));
    upstream.on('error', () => drop(pair)).on('close', () => drop(pair));
    if (mode === 'blackhole') hold(pair);
  }
  const hold = (pair: Pair) => {
    pair.client.pause();
    pair.upstream?.pause();
  };
  const release = (pair: Pair) => {
    if (!pair.upstream) connectUpstream(pair);
    pair.client.resume();
    pair.upstream!.resume();
  };
  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  };
  const reset = (pair: Pair) => {
    if (!pairs.delete(pair)) return;
    for (const s of [pair.client, pair.upstream]) if (s && !s.destroyed) s.resetAndDestroy();
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => drop(pair)).on('close', () => drop(pair));
    if (mode === 'reset') return reset(pair);
    if (mode === 'blackhole') return; // held: no upstream until the partition heals
    connectUpstream(pair);
    client.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    port: (server.address() as net.AddressInfo).port,
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
      for (const pair of [...pairs]) {
        if (next === 'blackhole') hold(pair);
        else if (next === 'reset') reset(pair);
        else release(pair);
      }
    },
    async close() {
      for (const pair of [...pairs]) reset(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
