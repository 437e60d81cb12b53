import type { z } from 'zod';
import type { CallInput, CallName, CallOutput, Calls } from './calls';
import type { Result } from './result';

/** The client's view: what `window.motcua` and the HTTP client both implement. */
export type MotCuaApi = {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>;
};

type CallSpecs = Record<string, { input: z.ZodType; output: z.ZodType }>;

/** The handlers of one group of calls (a capability's module), receiving validated input. */
export type HandlersOf<C extends CallSpecs, Ctx> = {
  [N in keyof C]: (
    input: z.output<C[N]['input']>,
    ctx: Ctx,
  ) => Promise<z.output<C[N]['output']>> | z.output<C[N]['output']>;
};

/** The back end's view: one handler for every call of the contract. */
export type Handlers<Ctx> = HandlersOf<Calls, Ctx>;
