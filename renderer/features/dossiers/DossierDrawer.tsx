import { Alert, Button, Descriptions, Drawer, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierDetail } from '../../../shared/contract/dossier';
import type { FormNumber } from '../../../shared/contract/forms';
import type { DossierEventType } from '../../../shared/dossier/events';
import { useCall } from '../../api/useCall';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { useNavigation } from '../../stores/navigation';
import { PrintButton } from '../forms/PrintButton';
import { AttachmentViewer } from '../scan/AttachmentViewer';
import { ActionModal } from './ActionModal';
import { DeadlineTag } from './DeadlineTag';
import { StatusTag } from './StatusTag';

/** Which forms a dossier can print, from what its history holds. */
function printableForms(d: DossierDetail): FormNumber[] {
  const types = new Set(d.timeline.filter((e) => !e.rejected).map((e) => e.type));
  const forms: FormNumber[] = [];
  if (types.has('received')) forms.push('01');
  if (types.has('supplement-requested')) forms.push('02');
  if (types.has('refused')) forms.push('03');
  if (types.has('apology-issued')) forms.push('04');
  if (types.has('stopped')) forms.push('05');
  if (types.has('transferred')) forms.push('06');
  return forms;
}

/**
 * A dossier in full: summary, the deadline in words, the history, the control sheet (form 06), the
 * documents, and only the actions its state allows at this office. Esc closes it.
 */
export function DossierDrawer() {
  const { t } = useTranslation('dossier');
  const { t: tScan } = useTranslation('scan');
  const [viewing, setViewing] = useState<string | null>(null);
  const id = useNavigation((s) => s.dossierId);
  const close = useNavigation((s) => s.closeDossier);
  const [action, setAction] = useState<DossierEventType | null>(null);
  const detail = useCall('dossier.get', id === null ? null : { id });
  const offices = useCall('office.list', id === null ? null : {});
  const attachments = useCall('attachments.list', id === null ? null : { dossierId: id });
  /** The digitized file of a component: its link in this dossier, by the SHA-256 the intake recorded. */
  const attachmentOf = (sha256: string | undefined) =>
    sha256 ? attachments.data?.find((a) => a.sha256 === sha256 && a.dossierId === id) : undefined;
  const officeName = (officeId: string | null) => offices.data?.find((o) => o.id === officeId)?.name ?? officeId ?? '';
  const d = detail.data && detail.data.row.id === id ? detail.data : undefined;

  // Esc closes the drawer wherever the focus is (after an action's dialog closes it is on the page).
  useEffect(() => {
    if (id === null || action !== null) return;
    const onKey = (event: KeyboardEvent) => {
      if (
        event.key === 'Escape' &&
        !document.querySelector('.ant-modal-wrap, .ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      ) {
        close();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, action, close]);

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      size={900}
      title={d ? t('detail.title', { code: d.row.code ?? '' }) : ''}
      keyboard={action === null && viewing === null}
      destroyOnHidden
      extra={d && <StatusTag status={d.row.status} />}
    >
      {detail.error && <ErrorAlert error={detail.error} />}
      {!d && !detail.error && <Skeleton active />}
      {d && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            column={2}
            size="small"
            bordered
            items={[
              {
                key: 'procedure',
                label: t('dossiers.procedure'),
                span: 2,
                children: `${d.procedure?.code ?? ''} — ${d.procedure?.name ?? ''}`,
              },
              {
                key: 'applicant',
                label: t('intake.applicant'),
                children: `${d.applicant?.fullName ?? ''} ${d.applicant?.idNumber ? `(${d.applicant.idNumber})` : ''}`,
              },
              { key: 'owner', label: t('intake.owner'), children: d.owner?.fullName ?? d.applicant?.fullName ?? '' },
              { key: 'phone', label: t('intake.phone'), children: d.applicant?.phone ?? '' },
              {
                key: 'channel',
                label: t('intake.channel'),
                children: d.channel ? t(`intake.channels.${d.channel}`) : '',
              },
              { key: 'receivedAt', label: t('detail.receivedAt'), children: formatDateTime(d.row.receivedAt) },
              {
                key: 'dueAt',
                label: t('detail.dueAt'),
                children: (
                  <Space>
                    <strong>{formatDateTime(d.row.dueAt)}</strong>
                    <DeadlineTag row={d.row} />
                  </Space>
                ),
              },
              { key: 'holder', label: t('detail.to'), span: 2, children: officeName(d.row.holderOfficeId) },
            ]}
          />
          {d.pausedWorkingMinutes > 0 && (
            <Typography.Text type="secondary">{t('detail.paused', { count: d.pausedWorkingMinutes })}</Typography.Text>
          )}
          {d.extension && (
            <Alert
              type={d.extension.lateNotice ? 'warning' : 'info'}
              showIcon
              title={t('detail.extension', { date: formatDateTime(d.extension.newDueAt), reason: d.extension.reason })}
              description={d.extension.lateNotice ? t('detail.lateNotice') : undefined}
            />
          )}
          {d.result && <Alert type="success" showIcon title={t('detail.result', { summary: d.result.summary })} />}
          {d.returned && <Alert type="info" showIcon title={t('detail.returned', { name: d.returned.collectedBy })} />}
          {d.satisfaction && <Typography.Text>{t('detail.satisfaction', d.satisfaction)}</Typography.Text>}

          <div>
            <Typography.Title level={5}>{t('detail.actions')}</Typography.Title>
            {d.allowedActions.length === 0 ? (
              <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {d.allowedActions.map((type) => (
                  <Button key={type} onClick={() => setAction(type)} data-action={type}>
                    {t(`events.${type}`)}
                  </Button>
                ))}
              </Space>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('detail.print')}</Typography.Title>
            <Space wrap>
              {printableForms(d).map((form) => (
                <PrintButton
                  key={form}
                  form={form}
                  subject={{ dossierId: d.row.id }}
                  label={t(`detail.forms.${form}`)}
                />
              ))}
            </Space>
          </div>

          <div>
            <Typography.Title level={5}>{t('detail.timeline')}</Typography.Title>
            <Timeline
              items={d.timeline.map((e) => ({
                color: e.rejected ? 'red' : e.type === 'result-recorded' || e.type === 'returned' ? 'green' : 'blue',
                content: (
                  <div>
                    <strong>{t(`events.${e.type}`)}</strong> · {formatDateTime(e.wallTime)}
                    <div>
                      <Typography.Text type="secondary">
                        {t('detail.by', { user: d.people[e.userId] ?? e.userId, office: officeName(e.officeId) })}
                      </Typography.Text>
                    </div>
                    {e.rejected && <Tag color="red">{t('detail.rejectedEvent', { code: e.rejected })}</Tag>}
                  </div>
                ),
              }))}
            />
          </div>

          {d.handoffs.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('detail.handoffs')}</Typography.Title>
              <Table
                size="small"
                pagination={false}
                rowKey="eventId"
                dataSource={d.handoffs}
                columns={[
                  { title: t('detail.from'), render: (_, h) => officeName(h.fromOfficeId) },
                  { title: t('detail.to'), render: (_, h) => officeName(h.toUnitId ?? h.toOfficeId) },
                  { title: t('detail.givenAt'), dataIndex: 'givenAt', render: formatDateTime },
                  { title: t('detail.takenAt'), dataIndex: 'receivedAt', render: formatDateTime },
                  { title: t('detail.stepDue'), dataIndex: 'stepDueAt', render: formatDateTime },
                  {
                    title: t('detail.timeliness'),
                    dataIndex: 'timeliness',
                    render: (v: 'early' | 'on-time' | 'late' | null) =>
                      v ? <Tag color={v === 'late' ? 'red' : 'green'}>{t(`detail.timelinessValues.${v}`)}</Tag> : '',
                  },
                ]}
              />
            </div>
          )}

          <div>
            <Typography.Title level={5}>{t('detail.components')}</Typography.Title>
            <Table
              size="small"
              pagination={false}
              rowKey={(c) => c.name}
              dataSource={d.components}
              columns={[
                { title: t('intake.componentName'), dataIndex: 'name' },
                { title: t('intake.original'), width: 90, render: (_, c) => c.copies.original },
                { title: t('intake.certified'), width: 100, render: (_, c) => c.copies.certified },
                { title: t('intake.photocopy'), width: 90, render: (_, c) => c.copies.photocopy },
                {
                  title: tScan('column'),
                  width: 190,
                  render: (_, c) => {
                    if (!c.fileSha256)
                      return <Typography.Text type="secondary">{tScan('notDigitized')}</Typography.Text>;
                    const link = attachmentOf(c.fileSha256);
                    return (
                      <Space size={4}>
                        <Tag color={c.reused ? 'blue' : 'green'} data-testid="drawer-digitized">
                          {c.reused ? tScan('reusedTag') : tScan('digitizedTag', { count: link?.pageCount ?? 0 })}
                        </Tag>
                        {link && (
                          <Button
                            size="small"
                            onClick={() => setViewing(link.id)}
                            aria-label={`${tScan('view')}: ${c.name}`}
                          >
                            {tScan('view')}
                          </Button>
                        )}
                      </Space>
                    );
                  },
                },
              ]}
            />
          </div>

          {d.corrections.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('detail.corrections')}</Typography.Title>
              <ul>
                {d.corrections.map((c) => (
                  <li key={`${c.at}-${c.field}`}>
                    {formatDateTime(c.at)} ·{' '}
                    {t('detail.correction', {
                      field: t(`actions.fields.${c.field}`),
                      old: c.oldValue,
                      new: c.newValue,
                      reason: c.reason,
                    })}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Space>
      )}
      {d && (
        <ActionModal
          detail={d}
          type={action}
          onClose={(done) => {
            setAction(null);
            if (done) detail.reload();
          }}
        />
      )}
      <AttachmentViewer attachmentId={viewing} onClose={() => setViewing(null)} />
    </Drawer>
  );
}
