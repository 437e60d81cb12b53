/**
 * Files before facts (DESIGN.md §5): the attachments an event references. Any string field whose
 * name is `sha256` or ends in `Sha256` (e.g. `components[].fileSha256`) and holds 64 lower-case hex
 * digits is a reference, wherever it sits in the payload, so new event types need no change here.
 */
const SHA256_RE = /^[0-9a-f]{64}$/;

function isShaKey(key: string): boolean {
  return key === 'sha256' || key.endsWith('Sha256');
}

/** The distinct sha256 references of a value (an event or a payload), in order of appearance. */
export function attachmentRefs(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 20 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      if (typeof child === 'string' && isShaKey(key) && SHA256_RE.test(child)) found.add(child);
      else walk(child, depth + 1);
    }
  };
  walk(value, 0);
  return [...found];
}
