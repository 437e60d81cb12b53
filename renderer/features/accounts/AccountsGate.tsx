import { Spin } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AccountStatus } from '../../../shared/contract/accounts';
import { api, useBridge as setBridge } from '../../api/client';
import { LockScreen, SetupScreen, SignInScreen } from './forms';
import { SESSION_CODES, SessionContext, touchEverySeconds } from './session';

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * The door in front of the application: first run (create the administrator), sign-in, and the lock
 * screen. While signed in it watches the officer's activity: after the configured idle time the
 * screen locks (and the back end locks the session on its own clock too). The screens stay mounted
 * but hidden while locked, so an intake in progress survives a lock.
 */
export function AccountsGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AccountStatus | null>(null);
  const lastActivity = useRef(Date.now());
  const lastTouch = useRef(Date.now());

  const refresh = useCallback(async () => {
    const result = await api().call('accounts.status', {});
    if (result.ok) setStatus(result.value);
  }, []);

  // Any call refused for want of a session (the back end's idle expiry) brings the gate back.
  useEffect(() => {
    const inner = api();
    setBridge({
      call: async (name, input) => {
        const result = await inner.call(name, input);
        if (!result.ok && SESSION_CODES.has(result.error.code)) void refresh();
        return result;
      },
    });
    void refresh();
    return () => setBridge(inner);
  }, [refresh]);

  const lock = useCallback(async () => {
    const result = await api().call('accounts.lock', {});
    if (result.ok) setStatus(result.value);
  }, []);

  const signOut = useCallback(async () => {
    const result = await api().call('accounts.signOut', {});
    if (result.ok) setStatus(result.value);
  }, []);

  const active = status?.user && !status.locked;
  const idleLockSeconds = status?.idleLockSeconds ?? 600;
  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    const onActivity = () => {
      lastActivity.current = Date.now();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && !event.altKey && (event.key === 'l' || event.key === 'L')) {
        event.preventDefault();
        void lock();
      }
    };
    for (const name of ACTIVITY) window.addEventListener(name, onActivity, { passive: true, capture: true });
    window.addEventListener('keydown', onKey);
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - lastActivity.current >= idleLockSeconds * 1000) {
        void lock();
      } else if (
        lastActivity.current > lastTouch.current &&
        now - lastTouch.current >= touchEverySeconds(idleLockSeconds) * 1000
      ) {
        lastTouch.current = now;
        void api().call('accounts.touch', {});
      }
    }, 1000);
    return () => {
      for (const name of ACTIVITY) window.removeEventListener(name, onActivity, { capture: true });
      window.removeEventListener('keydown', onKey);
      window.clearInterval(timer);
    };
  }, [active, idleLockSeconds, lock]);

  const session = useMemo(() => (status ? { status, setStatus, lock, signOut } : undefined), [status, lock, signOut]);

  if (!status || !session) {
    return (
      <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (status.setupRequired) return <SetupScreen onDone={setStatus} />;
  if (!status.user) return <SignInScreen onDone={setStatus} />;
  return (
    <SessionContext.Provider value={session}>
      {status.locked && <LockScreen status={status} onDone={setStatus} onSwitchUser={() => void signOut()} />}
      <div hidden={status.locked} aria-hidden={status.locked} inert={status.locked}>
        {children}
      </div>
    </SessionContext.Provider>
  );
}
