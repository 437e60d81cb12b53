import { Button, Form, Input, Modal, Result, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/contract/result';
import { CallError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PrintButton } from '../forms/PrintButton';
import { toIntake, useIntake } from './store';

/**
 * Sending a dossier back at the counter: incomplete (form 02, the items to add are prefilled with the
 * required documents not received) or not eligible (form 03, the reason). Saved for the reports,
 * then the form is printed for the citizen.
 */
export function IntakeOutcomeModal({
  kind,
  onClose,
}: {
  kind: 'supplement' | 'refusal' | null;
  onClose: (saved: 'supplement' | 'refusal' | null) => void;
}) {
  const { t } = useTranslation('dossier');
  const [items, setItems] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [savedId, setSavedId] = useState<string | null>(null);

  useEffect(() => {
    if (!kind) return;
    const missing = useIntake.getState().components.filter((c) => c.required && !c.received);
    setItems(missing.map((c) => c.name).join('\n'));
    setReason('');
    setError(null);
    setSavedId(null);
  }, [kind]);

  const save = async () => {
    if (!kind) return;
    const intake = toIntake(useIntake.getState());
    if (!intake) {
      setError({ code: 'CHOOSE_PROCEDURE', message: t('intake.chooseProcedure') });
      return;
    }
    try {
      const lines = items
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const saved = await call('dossier.intakeOutcome', { kind, intake, items: lines, reason });
      setSavedId(saved.id);
    } catch (e) {
      setError(e instanceof CallError ? e.data : { code: 'INTERNAL', message: String(e) });
    }
  };

  const form = kind === 'supplement' ? '02' : '03';
  return (
    <Modal
      open={kind !== null}
      title={kind === 'supplement' ? t('intake.supplementTitle') : t('intake.refuseTitle')}
      onCancel={() => onClose(savedId && kind ? kind : null)}
      footer={null}
      width={640}
      destroyOnHidden
    >
      {savedId && kind ? (
        <Result
          status="success"
          title={t('intake.outcomeSaved', { kind: t(`intake.outcomeKinds.${kind}`) })}
          extra={
            <Space>
              <PrintButton form={form} subject={{ intakeOutcomeId: savedId }} shortcut label={t('intake.printForm')} />
              <Button type="primary" autoFocus onClick={() => onClose(kind)}>
                {t('intake.next')}
              </Button>
            </Space>
          }
        />
      ) : (
        <Form
          layout="vertical"
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
              e.preventDefault();
              void save();
            }
          }}
        >
          {kind === 'supplement' && (
            <Form.Item label={t('intake.supplementItems')}>
              <Input.TextArea
                aria-label={t('intake.supplementItems')}
                autoSize={{ minRows: 3, maxRows: 10 }}
                value={items}
                onChange={(e) => setItems(e.target.value)}
              />
            </Form.Item>
          )}
          <Form.Item label={t('intake.reason')} required>
            <Input.TextArea
              aria-label={t('intake.reason')}
              autoFocus
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
          {error && <ErrorAlert error={error} />}
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={() => void save()}>
              {t('intake.confirm')}
            </Button>
            <Button onClick={() => onClose(null)}>{t('intake.cancel')}</Button>
          </Space>
        </Form>
      )}
    </Modal>
  );
}
