/**
 * The desktop back end of bench/sync.bench.ts in a process of its own: opens the (enrolled, empty) data
 * folder given as argument, runs one sync to the end, and prints its time, peak RSS and the largest
 * response body it received as one JSON line.
 */
import { join } from 'node:path';
import pino from 'pino';
import { openBackend } from '../electron/backend/backend';
import { fetchTransport } from '../electron/backend/sync/client';
import { fileCredentialStore } from '../electron/backend/sync/credentials';

const dataDir = process.argv[2] ?? '';
let maxResponse = 0;
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);
const backend = openBackend({
  dataDir,
  assetsDir: join(__dirname, '..', 'assets'),
  version: 'bench',
  log: pino({ level: 'silent' }),
  credentials: fileCredentialStore(dataDir),
  sync: {
    autoStart: false,
    transport: async (request) => {
      const response = await fetchTransport(request);
      maxResponse = Math.max(maxResponse, response.body.length, request.body?.length ?? 0);
      sample();
      return response;
    },
  },
});
const started = performance.now();
backend.sync
  .syncNow()
  .then(() => {
    const ms = performance.now() - started;
    sample();
    clearInterval(timer);
    const events = backend.db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
    const error = backend.sync.status().lastError;
    backend.close();
    if (error) throw new Error(JSON.stringify(error));
    process.stdout.write(`${JSON.stringify({ ms, rssMb: Math.round(peak / 1048576), maxResponse, events })}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
