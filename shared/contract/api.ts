import type { CallInput, CallName, CallOutput, HandlerInput } from './calls';
import type { Result } from './result';

/** The client's view: what `window.motcua` and the HTTP client both implement. */
export type MotCuaApi = {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>;
};

/** The back end's view: one handler a call, receiving validated input. */
export type Handlers<Ctx> = {
  [N in CallName]: (input: HandlerInput<N>, ctx: Ctx) => Promise<CallOutput<N>> | CallOutput<N>;
};
