import { FileExcelOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ii06aView, ReportSource } from '../../../shared/contract/reports';
import { formatLocalDate, formatLocalDateTime } from '../../../shared/reports/period';
import { CallError, call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { downloadBase64 } from '../supervision/format';

type Row = Ii06aView['rows'][number];

const presets = (): Array<{ key: string; range: [Dayjs, Dayjs] }> => {
  const now = dayjs();
  const q = Math.floor(now.month() / 3) * 3;
  return [
    { key: 'thisMonth', range: [now.startOf('month'), now.endOf('month')] },
    { key: 'lastMonth', range: [now.subtract(1, 'month').startOf('month'), now.subtract(1, 'month').endOf('month')] },
    { key: 'thisQuarter', range: [now.month(q).startOf('month'), now.month(q + 2).endOf('month')] },
    { key: 'sixMonths', range: [now.startOf('year'), now.month(5).endOf('month')] },
    { key: 'thisYear', range: [now.startOf('year'), now.endOf('year')] },
  ];
};

/**
 * Where the figures come from (issue 7 §4): the central server's province-wide data and when, or this
 * desktop's own data and why the server was not used.
 */
export function ReportSourceNote({ source, testId = '' }: { source: ReportSource; testId?: string }) {
  const { t } = useTranslation('reports');
  if (source.kind === 'server') {
    return (
      <div>
        <Tag color="blue" style={{ marginTop: 6 }} data-testid={`${testId}server-note`}>
          {t('source.server', { at: formatLocalDateTime(source.at) })}
        </Tag>
        {source.pendingLocal > 0 && (
          <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`${testId}source-detail`}>
            {t('source.serverPending', { count: source.pendingLocal })}
          </Typography.Text>
        )}
      </div>
    );
  }
  return (
    <div>
      <Tag color="gold" style={{ marginTop: 6 }} data-testid={`${testId}offline-note`}>
        {t('offlineNote')}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${testId}source-detail`}>
        {t(`source.reason.${source.reason}`, { detail: source.detail ?? '' })}
      </Typography.Text>
    </div>
  );
}

/** Reports (Báo cáo): form II.06a for a period and an office subtree, exports, and the Decision 766 indicators. */
export function ReportsScreen() {
  const { t } = useTranslation('reports');
  const { message } = App.useApp();
  const scope = useCall('reports.scope', {});
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [range, setRange] = useState<[string, string]>(() => [
    dayjs().startOf('month').format('YYYY-MM-DD'),
    dayjs().endOf('month').format('YYYY-MM-DD'),
  ]);
  const [busy, setBusy] = useState<string | null>(null);
  const input = { officeId, from: range[0], to: range[1] };
  const report = useCall('reports.ii06a', input);
  const indicators = useCall('reports.indicators766', input);
  const r = report.data;

  const exportAs = async (format: 'xlsx' | 'pdf', print = false) => {
    setBusy(print ? 'print' : format);
    try {
      const file = await call('reports.exportII06a', { ...input, format });
      if (print && window.motcuaShell) await window.motcuaShell.printPdf(file.fileName, file.base64);
      else if (print) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        window.open(URL.createObjectURL(new Blob([bytes], { type: file.mimeType })), '_blank');
      } else {
        downloadBase64(file.fileName, file.base64, file.mimeType);
        void message.success(t('screen.exported', { name: file.fileName }));
      }
    } catch (e) {
      void message.error(e instanceof CallError ? e.data.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const h = (key: string) => t(`ii06a.head.${key}`);
  const num = (key: keyof Row, n: number) => ({
    title: `${h(key === 'receivedTotal' || key === 'resolvedTotal' || key === 'pendingTotal' ? 'total' : key === 'resolvedEarly' ? 'early' : key === 'resolvedOnTime' ? 'onTime' : key === 'resolvedLate' ? 'late' : key === 'pendingWithinTime' ? 'withinTime' : key === 'pendingOverdue' ? 'overdue' : key)} (${n})`,
    dataIndex: key,
    key,
    align: 'center' as const,
    width: 80,
  });
  const columns: ColumnsType<Row> = [
    { title: h('index'), key: 'index', width: 56, align: 'center', render: (_, __, i) => i + 1 },
    { title: h('field'), dataIndex: 'fieldName', key: 'fieldName', width: 200 },
    {
      title: h('received'),
      children: [
        num('receivedTotal', 1),
        { title: h('ofWhich'), children: [num('carriedOver', 2), num('receivedOnline', 3), num('receivedDirect', 4)] },
      ],
    },
    {
      title: h('results'),
      children: [
        {
          title: h('resolved'),
          children: [
            num('resolvedTotal', 5),
            num('resolvedEarly', 6),
            num('resolvedOnTime', 7),
            num('resolvedLate', 8),
          ],
        },
        {
          title: h('pending'),
          children: [num('pendingTotal', 9), num('pendingWithinTime', 10), num('pendingOverdue', 11)],
        },
      ],
    },
    { ...num('ended', 12), title: `${h('ended')} (12)` },
  ];
  const totalKeys = [
    'receivedTotal',
    'carriedOver',
    'receivedOnline',
    'receivedDirect',
    'resolvedTotal',
    'resolvedEarly',
    'resolvedOnTime',
    'resolvedLate',
    'pendingTotal',
    'pendingWithinTime',
    'pendingOverdue',
    'ended',
  ] as const;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('screen.title')}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('office')}
          style={{ width: 340 }}
          value={officeId ?? scope.data?.officeId}
          onChange={(v: string) => setOfficeId(v)}
          options={(scope.data?.offices ?? []).map((o) => ({ value: o.id, label: `${'— '.repeat(o.depth)}${o.name}` }))}
        />
        <DatePicker.RangePicker
          aria-label={t('period')}
          format="DD/MM/YYYY"
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          presets={presets().map((p) => ({ label: t(`presets.${p.key}`), value: p.range }))}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
          }}
        />
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === 'xlsx'}
          onClick={() => void exportAs('xlsx')}
          data-testid="export-xlsx"
        >
          {t('screen.exportExcel')}
        </Button>
        <Button
          icon={<FilePdfOutlined />}
          loading={busy === 'pdf'}
          onClick={() => void exportAs('pdf')}
          data-testid="export-pdf"
        >
          {t('screen.exportPdf')}
        </Button>
        <Button icon={<PrinterOutlined />} loading={busy === 'print'} onClick={() => void exportAs('pdf', true)}>
          {t('screen.print')}
        </Button>
      </Space>
      {report.error && <Alert type="error" showIcon role="alert" title={report.error.message} />}
      <Card size="small">
        <div style={{ textAlign: 'right' }}>
          <Typography.Text strong>{t('ii06a.formNo')}</Typography.Text>
        </div>
        <Typography.Title level={5} style={{ textAlign: 'center', marginTop: 4 }}>
          {t('ii06a.title')}
        </Typography.Title>
        {r && (
          <div style={{ textAlign: 'center', marginBottom: 12 }}>
            <div>
              <i>{t('ii06a.period', { from: formatLocalDate(r.from), to: formatLocalDate(r.to) })}</i>
            </div>
            <div>
              {t('ii06a.unit', { name: r.office.name, agency: r.office.agencyId ? ` (${r.office.agencyId})` : '' })}
            </div>
            <ReportSourceNote source={r.source} />
          </div>
        )}
        <Table<Row>
          data-testid="ii06a-table"
          size="small"
          bordered
          rowKey="fieldCode"
          loading={report.loading}
          dataSource={r?.rows ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: 1260 }}
          summary={() =>
            r ? (
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                <Table.Summary.Cell index={0} />
                <Table.Summary.Cell index={1}>{t('ii06a.totalRow')}</Table.Summary.Cell>
                {totalKeys.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 2} align="center">
                    {r.totals[k]}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t('ii06a.endedNote')} {t('screen.rules')}
        </Typography.Paragraph>
      </Card>
      <Card
        size="small"
        title={t('indicators.title')}
        extra={
          // Said again only when the indicators came from elsewhere than the form above (a server that
          // answered one call and not the other).
          indicators.data &&
          indicators.data.source.kind !== r?.source.kind && (
            <ReportSourceNote source={indicators.data.source} testId="indicators-" />
          )
        }
      >
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          loading={indicators.loading}
          dataSource={indicators.data?.items ?? []}
          columns={[
            {
              title: t('indicators.indicator'),
              key: 'name',
              render: (_, i) => t(`indicators.name.${i.key}`),
              width: 220,
            },
            { title: t('indicators.max'), dataIndex: 'maxPoints', width: 100, align: 'center' },
            {
              title: t('indicators.score'),
              key: 'score',
              width: 120,
              align: 'center',
              render: (_, i) =>
                !i.available ? (
                  <Tag>{t('indicators.unavailable')}</Tag>
                ) : i.score === null ? (
                  <Tag>{t('indicators.noData')}</Tag>
                ) : (
                  <b>{i.score.toFixed(2)}</b>
                ),
            },
            {
              title: t('indicators.rate'),
              key: 'rate',
              width: 100,
              align: 'center',
              render: (_, i) => (i.rate === null ? '—' : `${(i.rate * 100).toFixed(1)}%`),
            },
            {
              title: t('indicators.formulaColumn'),
              key: 'formula',
              // `count` picks the plural form of a formula that counts its denominator ("÷ 1 rating").
              render: (_, i) =>
                t(`indicators.formula.${i.key}`, {
                  numerator: i.numerator,
                  denominator: i.denominator,
                  count: i.denominator,
                }),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
