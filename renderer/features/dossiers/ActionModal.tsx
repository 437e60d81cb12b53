import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Rate, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { AppErrorData } from '../../../shared/contract/result';
import { CORRECTABLE_FIELDS, type DossierEventType } from '../../../shared/dossier/events';
import { CallError, call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { ErrorAlert } from '../../components/ErrorAlert';

type Values = Record<string, unknown>;

/** The 9 satisfaction criteria's form fields (0–2 points each). */
const criteria = Array.from({ length: 9 }, (_, i) => `c${i}`);

/** "2026-11-30 16:00" picked in the UI → an instant in Vietnam time (+07:00), whatever the PC's zone. */
function toVietnamInstant(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm')}:00+07:00`;
}

const lines = (text: unknown) =>
  String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The payload of each action from the form's values (the back end validates it again). */
function payloadOf(type: DossierEventType, v: Values, detail: DossierDetail): Values {
  const text = (key: string) =>
    typeof v[key] === 'string' && (v[key] as string).trim() ? (v[key] as string).trim() : undefined;
  switch (type) {
    case 'transferred': {
      const [officeId, unitId] = String(v.target ?? '').split('|');
      return { toOfficeId: officeId, toUnitId: unitId || undefined, mode: v.mode ?? 'electronic', note: text('note') };
    }
    case 'supplement-requested':
      return { items: lines(v.items), reason: text('reason') };
    case 'financial-obligation-requested':
      return { description: text('description'), amount: v.amount ?? undefined };
    case 'financial-obligation-paid':
      return { amount: v.amount ?? undefined, receiptNo: text('receiptNo') };
    case 'result-recorded':
      return { summary: text('summary'), documentNo: text('documentNo'), negative: v.negative === true };
    case 'apology-issued':
      return { reason: text('reason'), newDueAt: v.newDueAt ? toVietnamInstant(v.newDueAt as Dayjs) : undefined };
    case 'step-completed':
      return { step: text('step'), note: text('note') };
    case 'returned':
      return {
        collectedBy: { fullName: text('fullName'), idNumber: text('idNumber'), relation: v.relation ?? 'applicant' },
        method: v.method ?? 'counter',
        note: text('note'),
      };
    case 'satisfaction-recorded':
      return { criteria: criteria.map((name) => Number(v[name] ?? 2)), rating: v.rating ?? 5 };
    case 'receipt-corrected': {
      const field = String(v.field ?? '');
      const [who, key] = field.split('.') as ['applicant' | 'owner' | 'note', string];
      const person = who === 'applicant' ? detail.applicant : who === 'owner' ? detail.owner : null;
      const old =
        field === 'note'
          ? (detail.note ?? '')
          : field === 'procedure'
            ? (detail.procedure?.code ?? '')
            : String((person as Record<string, unknown> | null)?.[key] ?? '');
      return { field, oldValue: old, newValue: text('newValue') ?? '', reason: text('reason') };
    }
    case 'refused':
    case 'stopped':
      return { reason: text('reason') };
    default:
      return { note: text('note'), reason: text('reason') };
  }
}

/** One action on a dossier: a small form for its payload, Ctrl+Enter saves, Esc cancels. */
export function ActionModal({
  detail,
  type,
  onClose,
}: {
  detail: DossierDetail;
  type: DossierEventType | null;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation('dossier');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const offices = useCall('office.list', type === 'transferred' ? {} : null);

  useEffect(() => {
    if (type) {
      form.resetFields();
      setError(null);
    }
  }, [type, form]);

  const save = async () => {
    if (!type || type === 'received') return;
    setBusy(true);
    setError(null);
    try {
      await call('dossier.act', {
        dossierId: detail.row.id,
        type,
        payload: payloadOf(type, form.getFieldsValue(), detail),
      });
      void message.success(t('actions.saved', { action: t(`events.${type}`) }));
      onClose(true);
    } catch (e) {
      setError(e instanceof CallError ? e.data : { code: 'INTERNAL', message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const text = (name: string, label: string, rows = 1) => (
    <Form.Item name={name} label={t(label)}>
      {rows > 1 ? (
        <Input.TextArea autoSize={{ minRows: rows, maxRows: 8 }} maxLength={2000} />
      ) : (
        <Input maxLength={1000} />
      )}
    </Form.Item>
  );

  const fields = () => {
    switch (type) {
      case 'transferred':
        return (
          <>
            <Form.Item name="target" label={t('actions.office')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(offices.data ?? [])
                  .filter((o) => o.active)
                  .map((o) => ({
                    value: o.agencyId || !o.parentId ? `${o.id}|` : `${o.parentId}|${o.id}`,
                    label: o.name,
                  }))}
              />
            </Form.Item>
            <Form.Item name="mode" label={t('actions.mode')} initialValue="electronic">
              <Radio.Group
                options={(['electronic', 'paper'] as const).map((m) => ({ value: m, label: t(`actions.modes.${m}`) }))}
              />
            </Form.Item>
            {text('note', 'actions.note', 2)}
          </>
        );
      case 'supplement-requested':
        return (
          <>
            {text('items', 'actions.items', 3)}
            {text('reason', 'actions.reason', 2)}
          </>
        );
      case 'financial-obligation-requested':
        return (
          <>
            {text('description', 'actions.description', 2)}
            <Form.Item name="amount" label={t('actions.amount')}>
              <InputNumber min={0} step={1000} style={{ width: 200 }} />
            </Form.Item>
          </>
        );
      case 'financial-obligation-paid':
        return (
          <>
            <Form.Item name="amount" label={t('actions.amount')}>
              <InputNumber min={0} step={1000} style={{ width: 200 }} />
            </Form.Item>
            {text('receiptNo', 'actions.receiptNo')}
          </>
        );
      case 'result-recorded':
        return (
          <>
            {text('summary', 'actions.summary', 2)}
            {text('documentNo', 'actions.documentNo')}
            <Form.Item name="negative" valuePropName="checked">
              <Checkbox>{t('actions.negative')}</Checkbox>
            </Form.Item>
          </>
        );
      case 'apology-issued':
        return (
          <>
            {text('reason', 'actions.reason', 2)}
            <Form.Item name="newDueAt" label={t('actions.newDueAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" />
            </Form.Item>
          </>
        );
      case 'step-completed':
        return (
          <>
            {text('step', 'actions.step')}
            {text('note', 'actions.note', 2)}
          </>
        );
      case 'returned':
        return (
          <>
            <Form.Item name="fullName" label={t('actions.collectedBy')} initialValue={detail.applicant?.fullName}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('intake.idNumber')} initialValue={detail.applicant?.idNumber}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="relation" label={t('actions.relation')} initialValue="applicant">
              <Radio.Group
                options={(['applicant', 'owner', 'authorised', 'other'] as const).map((r) => ({
                  value: r,
                  label: t(`actions.relations.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="method" label={t('actions.method')} initialValue="counter">
              <Radio.Group
                options={(['counter', 'postal', 'online'] as const).map((m) => ({
                  value: m,
                  label: t(`actions.methods.${m}`),
                }))}
              />
            </Form.Item>
          </>
        );
      case 'satisfaction-recorded':
        return (
          <>
            <p>{t('actions.criteriaHelp')}</p>
            {criteria.map((name, i) => (
              <Form.Item key={name} name={name} label={t('actions.criteria', { n: i + 1 })} initialValue={2}>
                <Radio.Group options={[0, 1, 2].map((p) => ({ value: p, label: String(p) }))} />
              </Form.Item>
            ))}
            <Form.Item name="rating" label={t('actions.rating')} initialValue={5}>
              <Rate />
            </Form.Item>
          </>
        );
      case 'receipt-corrected':
        return (
          <>
            <Form.Item name="field" label={t('actions.field')} rules={[{ required: true }]}>
              <Select options={CORRECTABLE_FIELDS.map((f) => ({ value: f, label: t(`actions.fields.${f}`) }))} />
            </Form.Item>
            {text('newValue', 'actions.newValue')}
            {text('reason', 'actions.reason', 2)}
          </>
        );
      case 'refused':
      case 'stopped':
        return text('reason', 'actions.reason', 2);
      default:
        return (
          <>
            {text('reason', 'actions.reason', 2)}
            {text('note', 'actions.note', 2)}
          </>
        );
    }
  };

  return (
    <Modal
      open={type !== null}
      title={type ? t(`events.${type}`) : ''}
      onCancel={() => onClose(false)}
      footer={null}
      width={620}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
            e.preventDefault();
            void save();
          }
        }}
      >
        {fields()}
        {error && <ErrorAlert error={error} />}
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('actions.save')}
          </Button>
          <Button onClick={() => onClose(false)}>{t('intake.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
