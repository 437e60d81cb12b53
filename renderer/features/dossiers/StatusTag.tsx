import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colours: Record<number, string> = {
  2: 'processing',
  3: 'error',
  4: 'processing',
  5: 'warning',
  6: 'warning',
  7: 'default',
  8: 'error',
  9: 'success',
  10: 'default',
};

/** The national status (1–10) in words. */
export function StatusTag({ status }: { status: number }) {
  const { t } = useTranslation('dossier');
  return <Tag color={colours[status] ?? 'default'}>{t(`status.${status}`)}</Tag>;
}
