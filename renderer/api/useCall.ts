import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';
import type { AppErrorData } from '../../shared/contract/result';
import { CallError, call } from './client';

export interface CallState<T> {
  data: T | undefined;
  /** The input (as JSON) whose answer `data` is: tells a stale answer from the current one. */
  dataKey: string | undefined;
  error: AppErrorData | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a contract call whenever its input changes (compared as JSON) and keeps the latest answer;
 * an answer to an older input is dropped. `input` null means "do not call".
 */
export function useCall<N extends CallName>(name: N, input: CallInput<N> | null): CallState<CallOutput<N>> {
  const [state, setState] = useState<{
    data?: CallOutput<N>;
    dataKey?: string;
    error?: AppErrorData;
    loading: boolean;
  }>({
    loading: input !== null,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const key = input === null ? null : JSON.stringify(input);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    if (key === null) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    call(name, JSON.parse(key) as CallInput<N>).then(
      (data) => {
        if (ticket === latest.current) setState({ data, dataKey: key, loading: false });
      },
      (error: unknown) => {
        if (ticket !== latest.current) return;
        const data: AppErrorData =
          error instanceof CallError ? error.data : { code: 'INTERNAL', message: String(error) };
        setState((s) => ({ ...s, error: data, loading: false }));
      },
    );
  }, [name, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, dataKey: state.dataKey, error: state.error, loading: state.loading, reload };
}
