import { hash, hashSync, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's baseline (19 MiB, 2 passes, 1 lane): about 40 ms here, offline, no server.
 * The library's default algorithm is argon2id; the PHC string records the parameters, so they can be
 * raised later and old hashes still verify.
 */
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** The same hash, blocking: for the command line and test set-up only (never on a request path). */
export function hashPasswordSync(password: string): string {
  return hashSync(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows, verified for unknown user names so they take as long as known ones. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  return decoy;
}
