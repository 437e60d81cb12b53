import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isTrustedUrl } from '../../../electron/main/security';

describe('shell security rules', () => {
  it('trusts only the app:// origin', () => {
    expect(isTrustedUrl('app://motcua/index.html')).toBe(true);
    expect(isTrustedUrl('app://motcua.evil/index.html')).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5180/')).toBe(false);
    expect(isTrustedUrl('not a url')).toBe(false);
    expect(isTrustedUrl(undefined)).toBe(false);
  });
  it('has a strict content security policy', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|\*/);
  });
});
