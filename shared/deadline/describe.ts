import type { Translate } from '../i18n';
import { WORKING_DAY_MINUTES } from './engine';

export type DeadlineTone = 'none' | 'ok' | 'soon' | 'late' | 'paused' | 'done';

/**
 * A deadline in plain words and a tone for its colour (DESIGN.md §9): "còn 2 giờ làm việc",
 * "còn 3 ngày làm việc", "quá hạn 3 ngày", "tạm dừng". Days are working days of 8 hours.
 */
export function describeDeadline(
  row: { remainingWorkingMinutes: number | null; pausedSince: string | null; closed: boolean; resultAt: string | null },
  t: Translate,
): { text: string; tone: DeadlineTone } {
  if (row.closed || row.resultAt) return { text: t('deadline.done'), tone: 'done' };
  if (row.pausedSince) return { text: t('deadline.paused'), tone: 'paused' };
  const minutes = row.remainingWorkingMinutes;
  if (minutes === null) return { text: t('deadline.none'), tone: 'none' };
  if (minutes < 0) {
    const late = -minutes;
    return late < WORKING_DAY_MINUTES
      ? { text: t('deadline.lateHours', { count: Math.max(1, Math.ceil(late / 60)) }), tone: 'late' }
      : { text: t('deadline.lateDays', { count: Math.ceil(late / WORKING_DAY_MINUTES) }), tone: 'late' };
  }
  if (minutes < WORKING_DAY_MINUTES) {
    return minutes < 60
      ? { text: t('deadline.leftMinutes', { count: minutes }), tone: 'soon' }
      : { text: t('deadline.leftHours', { count: Math.floor(minutes / 60) }), tone: 'soon' };
  }
  return { text: t('deadline.leftDays', { count: Math.floor(minutes / WORKING_DAY_MINUTES) }), tone: 'ok' };
}
