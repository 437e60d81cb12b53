import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DossierRow } from '../../../shared/contract/dossier';
import { type DeadlineTone, describeDeadline } from '../../../shared/deadline/describe';

const colours: Record<DeadlineTone, string> = {
  none: 'default',
  ok: 'green',
  soon: 'orange',
  late: 'red',
  paused: 'blue',
  done: 'default',
};

/** The deadline in plain words and colour: "còn 2 giờ làm việc" (orange), "quá hạn 3 ngày" (red). */
export function DeadlineTag({ row }: { row: DossierRow }) {
  const { t } = useTranslation('dossier');
  const { text, tone } = describeDeadline(row, t);
  return (
    <Tag color={colours[tone]} data-tone={tone}>
      {text}
    </Tag>
  );
}
