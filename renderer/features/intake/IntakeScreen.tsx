import { EyeOutlined, ScanOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeDuration } from '../../../shared/catalogue/describe';
import type { ProcedureView } from '../../../shared/catalogue/procedure';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { AppErrorData } from '../../../shared/contract/result';
import { CallError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useDebounced } from '../../components/useDebounced';
import { ScanDrawer } from '../scan/ScanDrawer';
import { useScan } from '../scan/store';
import { IntakeOutcomeModal } from './IntakeOutcomeModal';
import { PersonFields } from './PersonFields';
import { ReceivedModal } from './ReceivedModal';
import { attachmentIdsOf, type ComponentDraft, toIntake, useIntake } from './store';

/** Moves focus to the next field of the form on Enter (Ctrl+Enter completes the intake instead). */
function focusNext(container: HTMLElement, from: HTMLElement): void {
  const fields = Array.from(
    container.querySelectorAll<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea, button[data-advance]'),
  ).filter((el) => el.offsetParent !== null || el === from);
  const index = fields.indexOf(from);
  fields[index + 1]?.focus();
}

/**
 * The counter officer's intake: procedure by type-ahead, applicant and owner (a CCCD scan anywhere
 * fills them), channel, the checklist of components, then receive (form 01), ask for more documents
 * (form 02) or refuse (form 03). Keyboard only: Enter moves on, Ctrl+Enter receives.
 */
export function IntakeScreen() {
  const { t } = useTranslation('dossier');
  const { t: tApp } = useTranslation();
  const { message } = App.useApp();
  const draft = useIntake();
  const container = useRef<HTMLElement>(null);
  const procedureRef = useRef<{ focus: () => void } | null>(null);
  const [procedureQuery, setProcedureQuery] = useState('');
  const [options, setOptions] = useState<ProcedureView[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [received, setReceived] = useState<DossierDetail | null>(null);
  const [outcome, setOutcome] = useState<'supplement' | 'refusal' | null>(null);
  const query = useDebounced(procedureQuery, 120);

  useEffect(() => {
    let live = true;
    call('catalogue.search', { query, limit: 20 }).then(
      (r) => live && setOptions(r.items),
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [query]);

  useEffect(() => {
    if (!draft.procedure) procedureRef.current?.focus();
  }, [draft.procedure]);

  const missingRequired = draft.components.filter((c) => c.required && !c.received).length;

  const receive = async () => {
    const intake = toIntake(useIntake.getState());
    if (!intake) {
      setError({ code: 'CHOOSE_PROCEDURE', message: t('intake.chooseProcedure') });
      procedureRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const scanned = attachmentIdsOf(useIntake.getState());
      const detail = await call('dossier.receive', intake);
      // The components digitized before the dossier existed now belong to it.
      if (scanned.length > 0) {
        await call('attachments.bind', { ids: scanned, dossierId: detail.row.id }).catch((e: unknown) => {
          void message.error(t('scan:bindFailed', { message: e instanceof CallError ? e.data.message : String(e) }));
        });
      }
      setReceived(detail);
    } catch (e) {
      setError(e instanceof CallError ? e.data : { code: 'INTERNAL', message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  /** F8: scan into the component whose row has the focus, else the first one not yet digitized. */
  const scanComponent = (from: HTMLElement) => {
    const components = useIntake.getState().components;
    if (components.length === 0) return;
    const row = from.closest<HTMLElement>('[data-row-key]');
    const focusedRow = row ? Number(row.dataset.rowKey) : Number.NaN;
    const next = Number.isInteger(focusedRow)
      ? focusedRow
      : Math.max(
          0,
          components.findIndex((c) => !c.fileSha256),
        );
    useScan.getState().openFor(next);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLElement>) => {
    if (received || outcome) return;
    // Keys typed in the scan drawer, the viewer or other portals reach here through React: not ours.
    if (!container.current?.contains(event.target as Node)) return;
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && event.key === 'Enter') {
      event.preventDefault();
      void receive();
    } else if (ctrl && event.key.toLowerCase() === 'b') {
      event.preventDefault();
      setOutcome('supplement');
    } else if (ctrl && event.key.toLowerCase() === 'r') {
      event.preventDefault();
      setOutcome('refusal');
    } else if (event.key === 'F8') {
      event.preventDefault();
      scanComponent(event.target as HTMLElement);
    } else if (event.key === 'F2') {
      event.preventDefault();
      draft.reset();
      setError(null);
    } else if (event.key === 'Enter' && !ctrl && !event.shiftKey) {
      const target = event.target as HTMLElement;
      const inSelect = target.closest('.ant-select');
      if (target instanceof HTMLTextAreaElement || inSelect) return;
      if (target instanceof HTMLInputElement || target.dataset.advance !== undefined) {
        event.preventDefault();
        if (container.current) focusNext(container.current, target);
      }
    }
  };

  const newDossier = () => {
    setReceived(null);
    draft.reset();
    // The sitting is over: pages left in the scan session go with it.
    const sessionId = useScan.getState().sessionId;
    if (sessionId) {
      useScan.getState().setSession(null);
      void call('scan.close', { sessionId }).catch(() => undefined);
    }
    setError(null);
    setTimeout(() => procedureRef.current?.focus(), 0);
  };

  return (
    <section ref={container} onKeyDown={onKeyDown} aria-label={t('intake.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} align="baseline">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('intake.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('intake.scanHint')}</Typography.Text>
        </Space>
        <Card size="small" title={t('intake.procedure')}>
          <Select
            ref={(r) => {
              procedureRef.current = r;
            }}
            aria-label={t('intake.procedure')}
            showSearch={{ filterOption: false, onSearch: setProcedureQuery, searchValue: procedureQuery }}
            placeholder={t('intake.procedurePlaceholder')}
            style={{ width: '100%' }}
            value={draft.procedure?.code}
            autoFocus
            defaultActiveFirstOption
            onChange={(code: string) => {
              const picked = options.find((p) => p.code === code) ?? null;
              draft.setProcedure(picked);
              setProcedureQuery('');
              setTimeout(
                () => container.current?.querySelector<HTMLInputElement>('input[name="applicant.fullName"]')?.focus(),
                0,
              );
            }}
            options={options.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
          />
          {draft.procedure && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {draft.procedure.fieldName} ·{' '}
              {t('intake.duration', { text: describeDuration(draft.procedure.duration, tApp) })}
            </Typography.Paragraph>
          )}
        </Card>
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('intake.applicant')}>
              <Space wrap style={{ marginBottom: 12 }}>
                <Select
                  aria-label={t('intake.applicantType')}
                  value={draft.applicantType}
                  style={{ width: 190 }}
                  onChange={(applicantType) => draft.update({ applicantType })}
                  options={([1, 2, 3, 4] as const).map((v) => ({ value: v, label: t(`intake.applicantTypes.${v}`) }))}
                />
                <Select
                  aria-label={t('intake.channel')}
                  value={draft.channel}
                  style={{ width: 170 }}
                  onChange={(channel) => draft.update({ channel })}
                  options={([1, 3] as const).map((v) => ({ value: v, label: t(`intake.channels.${v}`) }))}
                />
              </Space>
              <PersonFields who="applicant" organisation={draft.applicantType !== 1} />
              <Checkbox
                checked={draft.ownerIsApplicant}
                onChange={(e) => draft.update({ ownerIsApplicant: e.target.checked })}
              >
                {t('intake.ownerIsApplicant')}
              </Checkbox>
            </Card>
          </Col>
          {!draft.ownerIsApplicant && (
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('intake.owner')}
                extra={
                  <Checkbox
                    checked={draft.nextScanFillsOwner}
                    onChange={(e) => draft.update({ nextScanFillsOwner: e.target.checked })}
                  >
                    {t('intake.fillOwnerFromCccd')}
                  </Checkbox>
                }
              >
                <PersonFields who="owner" organisation={false} />
              </Card>
            </Col>
          )}
        </Row>
        <Card size="small" title={t('intake.components')}>
          <ComponentsTable components={draft.components} />
          <Input.TextArea
            aria-label={t('intake.note')}
            placeholder={t('intake.note')}
            value={draft.note}
            maxLength={2000}
            autoSize={{ minRows: 1, maxRows: 4 }}
            style={{ marginTop: 12 }}
            onChange={(e) => draft.update({ note: e.target.value })}
          />
        </Card>
        {missingRequired > 0 && (
          <Alert type="warning" showIcon title={t('intake.missingRequired', { count: missingRequired })} />
        )}
        {error && <ErrorAlert error={error} />}
        <Space wrap>
          <Button type="primary" size="large" loading={busy} onClick={() => void receive()} data-advance>
            {t('intake.receive')}
          </Button>
          <Button size="large" onClick={() => setOutcome('supplement')}>
            {t('intake.requestSupplement')}
          </Button>
          <Button size="large" danger onClick={() => setOutcome('refusal')}>
            {t('intake.refuse')}
          </Button>
          <Button size="large" onClick={newDossier}>
            {t('intake.clear')}
          </Button>
        </Space>
      </Space>
      <ScanDrawer />
      <ReceivedModal detail={received} onNext={newDossier} />
      <IntakeOutcomeModal
        kind={outcome}
        onClose={(saved) => {
          setOutcome(null);
          if (saved) {
            void message.success(t('intake.outcomeSaved', { kind: t(`intake.outcomeKinds.${saved}`) }));
            newDossier();
          }
        }}
      />
    </section>
  );
}

function ComponentsTable({ components }: { components: ComponentDraft[] }) {
  const { t } = useTranslation('dossier');
  const { t: tScan } = useTranslation('scan');
  const setComponent = useIntake((s) => s.setComponent);
  const copies = (index: number, key: 'original' | 'certified' | 'photocopy', value: number) => (
    <InputNumber
      aria-label={`${t(`intake.${key}`)} ${index + 1}`}
      min={0}
      max={99}
      size="small"
      value={value}
      style={{ width: 64 }}
      onChange={(v) => setComponent(index, { [key]: v ?? 0 })}
    />
  );
  return (
    <Table<ComponentDraft & { index: number }>
      size="small"
      pagination={false}
      rowKey="index"
      dataSource={components.map((c, index) => ({ ...c, index }))}
      locale={{ emptyText: t('intake.chooseProcedure') }}
      columns={[
        {
          title: t('intake.componentReceived'),
          width: 80,
          align: 'center',
          render: (_, c) => (
            <Checkbox
              aria-label={`${t('intake.componentReceived')}: ${c.name}`}
              checked={c.received}
              onChange={(e) => setComponent(c.index, { received: e.target.checked })}
            />
          ),
        },
        {
          title: t('intake.componentName'),
          render: (_, c) => (
            <span>
              {c.name}
              {c.required && <Typography.Text type="danger"> *</Typography.Text>}
            </span>
          ),
        },
        {
          title: (
            <span>
              {tScan('column')} <kbd className="shortcut">F8</kbd>
            </span>
          ),
          width: 230,
          render: (_, c) => (
            <Space size={4} wrap>
              {c.fileSha256 ? (
                <Tag color={c.reused ? 'blue' : 'green'} data-testid={`digitized-${c.index}`}>
                  {c.reused ? tScan('reusedTag') : tScan('digitizedTag', { count: c.pageCount ?? 0 })}
                </Tag>
              ) : null}
              <Button
                size="small"
                icon={<ScanOutlined />}
                aria-label={`${tScan('scanComponent')}: ${c.name}`}
                onClick={() => useScan.getState().openFor(c.index)}
              >
                {c.fileSha256 ? tScan('open') : tScan('scanComponent')}
              </Button>
              {c.attachmentId && (
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  aria-label={`${tScan('view')}: ${c.name}`}
                  onClick={() => useScan.getState().view(c.attachmentId ?? null)}
                />
              )}
            </Space>
          ),
        },
        { title: t('intake.original'), width: 90, render: (_, c) => copies(c.index, 'original', c.original) },
        { title: t('intake.certified'), width: 100, render: (_, c) => copies(c.index, 'certified', c.certified) },
        { title: t('intake.photocopy'), width: 90, render: (_, c) => copies(c.index, 'photocopy', c.photocopy) },
        {
          title: t('intake.componentNote'),
          width: 200,
          render: (_, c) => (
            <Input
              size="small"
              aria-label={`${t('intake.componentNote')} ${c.index + 1}`}
              value={c.note}
              maxLength={1000}
              onChange={(e) => setComponent(c.index, { note: e.target.value })}
            />
          ),
        },
      ]}
    />
  );
}
