import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => ({ worlds: new Map<string, unknown>(), invoked: [] as unknown[][] }));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => {
      exposed.worlds.set(name, api);
    },
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      exposed.invoked.push(args);
      return { ok: true, value: 'answer' };
    },
  },
}));

describe('the preload', () => {
  it('exposes window.motcua.call (the contract channel) and window.motcuaShell.printPdf, nothing else', async () => {
    await import('../../../electron/preload/index');
    expect([...exposed.worlds.keys()]).toEqual(['motcua', 'motcuaShell']);
    const api = exposed.worlds.get('motcua') as { call: (n: string, i: unknown) => Promise<unknown> };
    const shell = exposed.worlds.get('motcuaShell') as { printPdf: (f: string, b: string) => Promise<unknown> };
    expect(Object.keys(api)).toEqual(['call']);
    expect(Object.keys(shell)).toEqual(['printPdf']);
    await expect(api.call('app.info', {})).resolves.toEqual({ ok: true, value: 'answer' });
    await shell.printPdf('mau-01.pdf', 'JVBERi0=');
    expect(exposed.invoked).toEqual([
      ['motcua:call', 'app.info', {}],
      ['motcua:print', { fileName: 'mau-01.pdf', base64: 'JVBERi0=' }],
    ]);
  });
});
