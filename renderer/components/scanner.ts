import { useEffect, useRef } from 'react';

/**
 * USB barcode and QR scanners type what they read as keystrokes ending with Enter, far faster than a
 * person. The detector keeps the keys of the current burst and reports it when Enter ends a burst
 * whose keys all came less than `maxGapMs` apart and that is long enough; a person typing (slower)
 * never triggers it. What it reports is only a candidate: callers validate it (CCCD parser, dossier
 * code) before using it.
 */
export class ScanBurstDetector {
  private keys: string[] = [];
  private last = 0;

  constructor(private readonly options: { maxGapMs: number; minLength: number } = { maxGapMs: 50, minLength: 8 }) {}

  /** Feeds one key; returns the scanned text when this key (Enter) completes a burst. */
  feed(key: string, at: number): string | null {
    const gap = at - this.last;
    this.last = at;
    if (this.keys.length > 0 && gap > this.options.maxGapMs) this.keys = [];
    if (key === 'Enter') {
      const text = this.keys.join('');
      this.keys = [];
      return text.length >= this.options.minLength ? text : null;
    }
    if (key.length === 1) this.keys.push(key);
    else if (key !== 'Shift' && key !== 'Unidentified') this.keys = [];
    return null;
  }

  /** True when no key of a burst is pending (the next key may start one). */
  idle(at: number): boolean {
    return this.keys.length === 0 || at - this.last > this.options.maxGapMs;
  }
}

/** Sets an input's value so that React's onChange sees it (React tracks the native setter). */
function restoreValue(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const prototype = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens on the whole window (capture phase) for scanner bursts and hands each to `onScan`. The
 * focused field's value from before the burst is put back, so a scan never leaves a QR's text in it.
 */
export function useScanner(onScan: (text: string) => void): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    const detector = new ScanBurstDetector();
    let snapshot: { input: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;
    const onKey = (event: KeyboardEvent) => {
      const now = event.timeStamp || performance.now();
      if (detector.idle(now)) {
        const target = event.target;
        snapshot =
          target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
            ? { input: target, value: target.value }
            : null;
      }
      const text = detector.feed(event.key, now);
      if (text === null) return;
      event.preventDefault();
      event.stopPropagation();
      if (snapshot && snapshot.input.value !== snapshot.value) restoreValue(snapshot.input, snapshot.value);
      snapshot = null;
      handler.current(text);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
