import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/contract/sync';
import { call } from '../../api/client';

/** While a run is going (a long pull shows its progress), the state is asked for every second. */
const SYNCING_EVERY_MS = 1000;

/** The sync state, asked for every few seconds (and at once after `refresh`). */
export function useSyncStatus(everyMs = 3000): { status: SyncStatus | null; refresh: () => void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the refresh trigger
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      call('sync.status', {}).then(
        (value) => {
          if (!alive) return;
          setStatus(value);
          timer = setTimeout(load, value.phase === 'syncing' ? Math.min(everyMs, SYNCING_EVERY_MS) : everyMs);
        },
        () => {
          if (alive) timer = setTimeout(load, everyMs);
        },
      );
    void load();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [everyMs, tick]);
  return { status, refresh };
}

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'vi-VN');

/** 120.000 (vi), 120,000 (en). */
export function formatCount(count: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(count);
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
  const number = new Intl.NumberFormat(locale(language), {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
  return `${number} ${units[unit]}`;
}
