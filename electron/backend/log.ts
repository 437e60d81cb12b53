import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured logs (JSON lines). The desktop writes them to `<data>/logs/motcua.log`; the web host and
 * tests may log to stderr instead.
 */
export function createLogger(options: { dataDir?: string; level?: string; name: string }): Logger {
  const level = options.level ?? process.env.MOTCUA_LOG_LEVEL ?? 'info';
  if (!options.dataDir) return pino({ name: options.name, level }, pino.destination(2));
  const dir = join(options.dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return pino(
    { name: options.name, level },
    pino.destination({ dest: join(dir, 'motcua.log'), mkdir: true, sync: false }),
  );
}
