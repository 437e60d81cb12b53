import type { z } from 'zod';
import { accountsCalls } from './accounts';
import { appCalls } from './app';
import { attachmentsCalls } from './attachments';
import { calendarCalls } from './calendar';
import { catalogueCalls } from './catalogue';
import { dossierCalls } from './dossier';
import { formsCalls } from './forms';
import { officeCalls } from './office';
import { reportsCalls } from './reports';
import { scanCalls } from './scan';
import { syncCalls } from './sync';

/**
 * The contract: every call between the UI and the desktop back end, with its input and output schema.
 * The Electron IPC bridge and the HTTP bridge are both generated from this object and both validate
 * what crosses them. Each capability declares its calls in a module of its own (`./catalogue.ts`, …)
 * spread here; implement them in the back end's handlers and both bridges and the typed client have them.
 */
export const calls = {
  ...appCalls,
  ...accountsCalls,
  ...catalogueCalls,
  ...officeCalls,
  ...reportsCalls,
  ...dossierCalls,
  ...formsCalls,
  ...calendarCalls,
  ...scanCalls,
  ...attachmentsCalls,
  ...syncCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export const callNames = Object.keys(calls) as CallName[];

/** What a caller passes (defaults may be left out). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives (defaults filled in, validated). */
export type HandlerInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}
