/**
 * The service-quality index of Decision 766/QĐ-TTg (23/6/2022): six groups, 100 points — transparency
 * 18, progress (on time) 20, online service 12, online payment 10, satisfaction 18, digitization 22.
 * Only what a dossier's history allows is computed; the rest is reported as unavailable with its reason.
 *
 * Formulas (decided 2026-11-26; the UI shows each one next to its value, keys `reports:indicators.*`):
 * - onTime (20):        20 × (resolved early + on time) ÷ resolved in the period   (II.06a rules R3, R6)
 * - online (12):        12 × received online (channel 2) ÷ received in the period
 * - digitization (22):  22 × received in the period whose every intake component was digitized (a file
 *                       SHA-256 or reused from the citizen's data store) ÷ received in the period with at
 *                       least one component (result documents are not tracked as files yet)
 * - satisfaction (18):  average points of the ratings recorded in the period (9 criteria × 2 points)
 * - transparency (18):  unavailable — it scores the publication of procedures on the portal, not dossiers
 * - onlinePayment (10): unavailable — payments are not recorded with their channel in the history yet
 * A ratio with a zero denominator has no score (null), never 0 or full marks.
 */
import { instantMs, type LocalDate, localDateOf } from '../calendar/time';
import type { FoldContext, ProjectedState } from '../dossier/fold';
import { classifyIi06a } from './ii06a';

export const INDICATOR_KEYS = [
  'transparency',
  'onTime',
  'online',
  'onlinePayment',
  'satisfaction',
  'digitization',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const INDICATOR_MAX: Record<IndicatorKey, number> = {
  transparency: 18,
  onTime: 20,
  online: 12,
  onlinePayment: 10,
  satisfaction: 18,
  digitization: 22,
};

export interface Indicator {
  key: IndicatorKey;
  maxPoints: number;
  available: boolean;
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator (for satisfaction: average points ÷ 18); null without data. */
  rate: number | null;
  /** Points out of maxPoints, two decimals; null when unavailable or without data. */
  score: number | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function ratio(key: IndicatorKey, numerator: number, denominator: number): Indicator {
  const max = INDICATOR_MAX[key];
  const rate = denominator > 0 ? numerator / denominator : null;
  return {
    key,
    maxPoints: max,
    available: true,
    numerator,
    denominator,
    rate,
    score: rate === null ? null : round2(rate * max),
  };
}

const unavailable = (key: IndicatorKey): Indicator => ({
  key,
  maxPoints: INDICATOR_MAX[key],
  available: false,
  numerator: 0,
  denominator: 0,
  rate: null,
  score: null,
});

const inPeriod = (iso: string, from: LocalDate, to: LocalDate) => {
  const d = localDateOf(instantMs(iso));
  return d >= from && d <= to;
};

export function computeIndicators766(
  states: Iterable<ProjectedState>,
  ctx: FoldContext,
  period: { from: LocalDate; to: LocalDate },
): Indicator[] {
  let resolved = 0;
  let inTime = 0;
  let received = 0;
  let online = 0;
  let withComponents = 0;
  let digitized = 0;
  let ratings = 0;
  let points = 0;
  for (const s of states) {
    const c = classifyIi06a(s, ctx, period.from, period.to);
    if (c.counted) {
      if (c.outcome === 'early' || c.outcome === 'on-time' || c.outcome === 'late') {
        resolved++;
        if (c.outcome !== 'late') inTime++;
      }
      if (c.received !== 'carriedOver') {
        received++;
        if (c.received === 'online') online++;
        if (s.components.length > 0) {
          withComponents++;
          if (s.components.every((x) => x.fileSha256 !== undefined || x.reused === true)) digitized++;
        }
      }
    }
    if (s.satisfaction && inPeriod(s.satisfaction.recordedAt, period.from, period.to)) {
      ratings++;
      points += s.satisfaction.points;
    }
  }
  const satisfaction: Indicator = {
    key: 'satisfaction',
    maxPoints: 18,
    available: true,
    numerator: points,
    denominator: ratings,
    rate: ratings > 0 ? points / ratings / 18 : null,
    score: ratings > 0 ? round2(points / ratings) : null,
  };
  return [
    unavailable('transparency'),
    ratio('onTime', inTime, resolved),
    ratio('online', online, received),
    unavailable('onlinePayment'),
    satisfaction,
    ratio('digitization', digitized, withComponents),
  ];
}
