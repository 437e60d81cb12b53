import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => ({ name: '', api: undefined as unknown, invoked: [] as unknown[][] }));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => {
      exposed.name = name;
      exposed.api = api;
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
  it('exposes only window.motcua.call, forwarding over the contract channel', async () => {
    await import('../../../electron/preload/index');
    expect(exposed.name).toBe('motcua');
    expect(Object.keys(exposed.api as object)).toEqual(["call"]);
    const api = exposed.api as { call: (n: string, i: unknown) => Promise<unknown> };
    await expect(api.call('app.info', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(exposed.invoked).toEqual([['motcua:call', 'app.info', {}]]);
  });
});
