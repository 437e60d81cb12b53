import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/contract/sync';
import { call } from '../../api/client';

/** The sync state, asked for every few seconds (and at once after `refresh`). */
export function useSyncStatus(everyMs = 3000): { status: SyncStatus | null; refresh: () => void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the refresh trigger
  useEffect(() => {
    let alive = true;
    const load = () =>
      call('sync.status', {}).then(
        (value) => {
          if (alive) setStatus(value);
        },
        () => undefined,
      );
    void load();
    const timer = setInterval(load, everyMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [everyMs, tick]);
  return { status, refresh };
}

/** 1 234 B, 12,3 KB, 4,5 MB. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
  return `${number} ${units[unit]}`;
}
