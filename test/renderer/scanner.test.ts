import { describe, expect, it } from 'vitest';
import { ScanBurstDetector } from '../../renderer/components/scanner';

function feed(detector: ScanBurstDetector, text: string, start: number, gap: number): string | null {
  let out: string | null = null;
  let at = start;
  for (const key of [...text, 'Enter']) {
    out = detector.feed(key, at);
    at += gap;
  }
  return out;
}

describe('scanner burst detection', () => {
  const qr = '040190001234||Đặng Thị Ưng|15031990|Nữ|Hưng Nguyên|01072021';

  it('reports a fast burst ending in Enter', () => {
    expect(feed(new ScanBurstDetector(), qr, 1000, 3)).toBe(qr);
  });

  it('never triggers on a person typing, however long the text', () => {
    expect(feed(new ScanBurstDetector(), qr, 1000, 90)).toBeNull();
  });

  it('ignores short fast bursts (Enter after a couple of keys)', () => {
    expect(feed(new ScanBurstDetector(), 'ab', 1000, 3)).toBeNull();
  });

  it('starts afresh after a pause, so typed text before a scan is not part of it', () => {
    const detector = new ScanBurstDetector();
    expect(detector.feed('x', 0)).toBeNull();
    expect(detector.feed('y', 200)).toBeNull();
    expect(feed(detector, '000.21.31.H40-261123-0001', 1000, 4)).toBe('000.21.31.H40-261123-0001');
  });

  it('starts a new burst after a navigation key: the keys before it are not part of the scan', () => {
    const detector = new ScanBurstDetector();
    let at = 0;
    let out: string | null = null;
    for (const key of [...'HEAD', 'ArrowLeft', ...'040190001234', 'Enter']) {
      out = detector.feed(key, at);
      at += 3;
    }
    expect(out).toBe('040190001234');
  });
});
