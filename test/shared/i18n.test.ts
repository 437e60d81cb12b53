import { describe, expect, it } from 'vitest';
import { languages, resources, translator } from '../../shared/i18n';

type Tree = { [key: string]: string | Tree };
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}
function lookup(tree: Tree, path: string): string {
  return String(
    path.split('.').reduce<Tree | string | undefined>((t, k) => (typeof t === 'object' ? t[k] : undefined), tree),
  );
}

/** i18next's plural suffixes: `pages_one` and `pages_other` are the forms of the one message `pages`. */
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
/** Each message as the code names it, with the suffixes of its keys ('' for a message without plural forms). */
function messages(tree: Tree): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const key of keys(tree)) {
    const suffix = pluralSuffix.exec(key)?.[1] ?? '';
    const base = suffix ? key.slice(0, -suffix.length - 1) : key;
    found.set(base, [...(found.get(base) ?? []), suffix]);
  }
  return found;
}

describe('translations', () => {
  for (const ns of Object.keys(resources.vi) as (keyof typeof resources.vi)[]) {
    it(`namespace "${ns}" has the same keys in Vietnamese and English`, () => {
      expect(keys(resources.en[ns] as Tree).sort()).toEqual(keys(resources.vi[ns] as Tree).sort());
    });
    it(`namespace "${ns}" gives a counted message every plural form i18next looks up in either language`, () => {
      // English needs `one` and `other`, Vietnamese only `other`; both files carry both, so the key sets
      // stay equal (the Vietnamese `one` has the same text as its `other`).
      const wanted = [
        ...new Set(languages.flatMap((l) => new Intl.PluralRules(l).resolvedOptions().pluralCategories)),
      ].sort();
      for (const language of languages) {
        for (const [base, suffixes] of messages(resources[language][ns] as Tree)) {
          if (suffixes.some((s) => s !== '')) expect(suffixes.sort(), `${language} ${base}`).toEqual(wanted);
        }
      }
    });
    it(`namespace "${ns}" has no empty message and the same placeholders in both`, () => {
      const vi = resources.vi[ns] as Tree;
      const en = resources.en[ns] as Tree;
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const viMessages = messages(vi);
      const enMessages = messages(en);
      for (const [base, viSuffixes] of viMessages) {
        const texts = [
          ...viSuffixes.map((s) => lookup(vi, s ? `${base}_${s}` : base)),
          ...(enMessages.get(base) ?? []).map((s) => lookup(en, s ? `${base}_${s}` : base)),
        ];
        for (const text of texts) {
          expect(text.trim(), base).not.toBe('');
          expect(placeholders(text), base).toEqual(placeholders(texts[0] as string));
        }
      }
    });
  }

  it('counts pages and files in the singular and the plural in English, with one form in Vietnamese', () => {
    const en = translator('en');
    const vi = translator('vi');
    expect(en('scan:camera.captured', { count: 1 })).toBe('1 page captured');
    expect(en('scan:camera.captured', { count: 2 })).toBe('2 pages captured');
    expect(en('scan:imported', { count: 1 })).toBe('Imported 1 file');
    expect(vi('scan:camera.captured', { count: 1 })).toBe('Đã chụp 1 trang');
    expect(vi('scan:camera.captured', { count: 2 })).toBe('Đã chụp 2 trang');
    // A status without a number keeps its one message when the drawer passes a count to every status.
    expect(en('scan:status.idle', { count: 1 })).toBe('Ready');
    expect(en('scan:status.done', { count: 1 })).toBe('Scan finished: 1 page');
  });

  it('counts dossiers, counters, pending events and imported procedures in the singular and the plural in English', () => {
    const en = translator('en');
    const vi = translator('vi');
    expect(en('dossier:dossiers.total', { count: 1 })).toBe('1 dossier');
    expect(en('dossier:dossiers.total', { count: 2 })).toBe('2 dossiers');
    expect(en('settings:counters.count', { count: 1 })).toBe('1 counter');
    expect(en('settings:counters.count', { count: 2 })).toBe('2 counters');
    expect(en('sync:bar.pending', { count: 1, size: '2 kB' })).toBe('Pending: 1 event (2 kB)');
    expect(en('sync:bar.pending', { count: 2, size: '2 kB' })).toBe('Pending: 2 events (2 kB)');
    expect(vi('sync:bar.pending', { count: 1, size: '2 kB' })).toBe('Chờ gửi: 1 sự kiện (2 kB)');
    // Two counts in one message: the second is its own counted message, passed in already worded.
    const fields = (count: number) => en('settings:catalogue.fields', { count });
    expect(en('settings:catalogue.imported', { version: '3', count: 1, fields: fields(1) })).toBe(
      'Catalogue version 3 loaded: 1 procedure, 1 field.',
    );
    expect(en('settings:catalogue.imported', { version: '3', count: 2, fields: fields(2) })).toBe(
      'Catalogue version 3 loaded: 2 procedures, 2 fields.',
    );
  });
});
