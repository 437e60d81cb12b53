import { describe, expect, it } from 'vitest';
import { resources } from '../../shared/i18n';

type Tree = { [key: string]: string | Tree };
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}
function values(tree: Tree): string[] {
  return Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : values(v)));
}

describe('translations', () => {
  for (const ns of Object.keys(resources.vi) as (keyof typeof resources.vi)[]) {
    it(`namespace "${ns}" has the same keys in Vietnamese and English`, () => {
      expect(keys(resources.en[ns] as Tree).sort()).toEqual(keys(resources.vi[ns] as Tree).sort());
    });
    it(`namespace "${ns}" has no empty message and the same placeholders in both`, () => {
      const vi = resources.vi[ns] as Tree;
      const en = resources.en[ns] as Tree;
      for (const value of [...values(vi), ...values(en)]) expect(value.trim()).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const lookup = (tree: Tree, path: string) =>
        path.split('.').reduce<Tree | string | undefined>((t, k) => (typeof t === 'object' ? t[k] : undefined), tree);
      for (const key of keys(vi)) {
        expect(placeholders(String(lookup(en, key))), key).toEqual(placeholders(String(lookup(vi, key))));
      }
    });
  }
});
