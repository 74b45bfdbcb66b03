/**
 * The fan-out baseline: a bare socket.io server (no framework, no auth, no database) whose `/live`
 * namespace broadcasts `{key, at}` to every client `rate` times a second, for `seconds` seconds after
 * the parent says `go` on stdin. Prints `LISTENING <port>`, then `SENT <json array of keys>` when done.
 * Runs as plain JavaScript (compiled by the harness) with only socket.io.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.BENCH_PORT);
const rate = Number(process.env.BENCH_RATE ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
const live = io.of('/live');

http.listen(port, '127.0.0.1', () => process.stdout.write(`LISTENING ${port}\n`));

process.stdin.on('data', (chunk: Buffer) => {
  if (!chunk.toString().includes('go')) return;
  const keys: string[] = [];
  let n = 0;
  const total = rate * seconds;
  const started = Date.now();
  // Paced against the clock, like the app's producer: message n leaves at n / rate seconds.
  const tick = () => {
    while (n < total && Date.now() - started >= (n * 1000) / rate) {
      const key = `b-${n++}`;
      keys.push(key);
      live.emit('tick', { key, at: Date.now() });
    }
    if (n < total) setTimeout(tick, 5);
    else process.stdout.write(`SENT ${JSON.stringify(keys)}\n`);
  };
  tick();
});

const shutdown = () => {
  io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
