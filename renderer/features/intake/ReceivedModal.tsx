import { CheckCircleTwoTone } from '@ant-design/icons';
import { Button, Modal, Result, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierDetail } from '../../../shared/contract/dossier';
import { formatDateTime } from '../../components/format';
import { useNavigation } from '../../stores/navigation';
import { PrintButton } from '../forms/PrintButton';

/** After a dossier is received: its code, the due time, print the receipt (Ctrl+P), next (Enter). */
export function ReceivedModal({ detail, onNext }: { detail: DossierDetail | null; onNext: () => void }) {
  const { t } = useTranslation('dossier');
  const openDossier = useNavigation((s) => s.openDossier);
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (detail) setTimeout(() => next.current?.focus(), 50);
  }, [detail]);
  return (
    <Modal open={detail !== null} footer={null} closable={false} keyboard={false} width={640} destroyOnHidden>
      {detail && (
        <Result
          icon={<CheckCircleTwoTone twoToneColor="#389e0d" />}
          title={<span data-testid="received-code">{t('intake.received', { code: detail.row.code ?? '' })}</span>}
          subTitle={
            <Typography.Text strong>
              {detail.row.dueAt ? t('intake.receivedDue', { due: formatDateTime(detail.row.dueAt) }) : ''}
            </Typography.Text>
          }
          extra={
            <Space wrap>
              <PrintButton form="01" subject={{ dossierId: detail.row.id }} shortcut label={t('intake.printReceipt')} />
              <Button
                onClick={() => {
                  openDossier(detail.row.id);
                  onNext();
                }}
              >
                {t('intake.openDossier')}
              </Button>
              <Button type="primary" ref={next} onClick={onNext}>
                {t('intake.next')}
              </Button>
            </Space>
          }
        />
      )}
    </Modal>
  );
}
