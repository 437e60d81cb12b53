import { type CatalogueFile, catalogueFileSchema } from '../../../shared/catalogue/procedure';
import { parseWith } from '../../../shared/contract/dispatch';
import { AppError } from '../../../shared/contract/result';
import type { Language } from '../../../shared/i18n';

/**
 * Parses and validates a catalogue file's text. A failure is an AppError naming every wrong record
 * (`procedures.12.duration.value: …`), and nothing is imported.
 */
export function parseCatalogueFile(content: string, language: Language): CatalogueFile {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new AppError('CATALOGUE_NOT_JSON', { detail: error instanceof Error ? error.message : String(error) });
  }
  const parsed = parseWith(catalogueFileSchema, json, language);
  if (!parsed.ok) {
    const issues = parsed.issues.map((issue) => ({ ...issue, path: nameRecord(json, issue.path) }));
    throw new AppError('CATALOGUE_INVALID', { count: issues.length }, issues.slice(0, 50));
  }
  return parsed.value;
}

/** `procedures.12.fee` → `procedures.12 (1.000894).fee`, so the administrator finds the record. */
function nameRecord(json: unknown, path: string): string {
  const match = /^procedures\.(\d+)(.*)$/.exec(path);
  if (!match || typeof json !== 'object' || json === null) return path;
  const list = (json as { procedures?: unknown }).procedures;
  const record = Array.isArray(list) ? (list[Number(match[1])] as { code?: unknown } | undefined) : undefined;
  const code = typeof record?.code === 'string' ? ` (${record.code.slice(0, 20)})` : '';
  return `procedures.${match[1]}${code}${match[2]}`;
}
