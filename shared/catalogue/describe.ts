import type { Duration } from '../deadline/duration';
import type { Translate } from '../i18n';

/** "5 ngày làm việc", "4 giờ làm việc", "Trong ngày làm việc (…)": a procedure's duration in words. */
export function describeDuration(duration: Duration, t: Translate): string {
  switch (duration.unit) {
    case 'working-days':
      return Number.isInteger(duration.value)
        ? t('duration.workingDays', { count: duration.value })
        : t('duration.workingHours', { count: Math.round(duration.value * 8 * 100) / 100 });
    case 'calendar-days':
      return t('duration.calendarDays', { count: duration.value });
    case 'same-day':
      return t('duration.sameDay', { cutoff: duration.cutoff });
    case 'none':
      return t('duration.none');
  }
}

/** "Miễn phí" or "50.000 đồng". */
export function describeFee(amount: number, t: Translate): string {
  return amount === 0 ? t('fee.free') : t('fee.amount', { amount: amount.toLocaleString('vi-VN') });
}
