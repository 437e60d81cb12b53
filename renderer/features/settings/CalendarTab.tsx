import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEntryView, WorkScheduleView } from '../../../shared/contract/calendar';
import type { AppErrorData } from '../../../shared/contract/result';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { errorOf, FileDrop, formatDate, formatDateTime, IssuesAlert, weekdayOf } from './common';

const kindColours: Record<CalendarEntryView['kind'], string> = {
  HOLIDAY: 'red',
  COMPENSATORY: 'orange',
  SWAP_OFF: 'purple',
  SWAP_WORKDAY: 'blue',
};

/** The year in Vietnam now (UTC+7, whatever this computer's time zone). */
function currentYear(): number {
  return new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
}

/** The working calendar: a year's days off with their kinds and sources, working hours; load a file. */
export function CalendarTab() {
  const { t } = useTranslation('settings');
  const [year, setYear] = useState(currentYear);
  const calendar = useCall('calendar.get', { year });
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<string | undefined>();
  const [error, setError] = useState<{ data: AppErrorData; fileName?: string } | undefined>();
  const data = calendar.data?.year === year ? calendar.data : undefined;

  const describeSchedule = (s: WorkScheduleView) =>
    `${s.periods.map((p) => `${p.start}–${p.end}`).join(', ')}; ${t('calendar.weekendDays').toLowerCase()}: ${s.weekendDays
      .map((d) => t(`calendar.weekdays.${d}`))
      .join(', ')}`;

  const importFile = async (content: string, fileName: string) => {
    setImporting(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await call('calendar.import', { content, fileName });
      // Two counts in one message: the dossiers recomputed are their own counted message.
      const recomputed = t('calendar.recomputed', { count: r.recomputed });
      setResult(
        r.years.length
          ? t('calendar.imported', { count: r.entries, years: r.years.join(', '), recomputed })
          : t('calendar.importedNoYears', { count: r.entries, recomputed }),
      );
      calendar.reload();
    } catch (e) {
      setError({ data: errorOf(e), fileName });
    } finally {
      setImporting(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('calendar.intro')}</Typography.Text>
      <Space>
        <Button
          icon={<LeftOutlined />}
          aria-label={t('calendar.previousYear')}
          title={t('calendar.previousYear')}
          onClick={() => setYear((y) => Math.max(1900, y - 1))}
        />
        <InputNumber
          aria-label={t('calendar.year')}
          prefix={t('calendar.year')}
          min={1900}
          max={2199}
          precision={0}
          value={year}
          onChange={(v) => typeof v === 'number' && v >= 1900 && v <= 2199 && setYear(v)}
          style={{ width: 150 }}
        />
        <Button
          icon={<RightOutlined />}
          aria-label={t('calendar.nextYear')}
          title={t('calendar.nextYear')}
          onClick={() => setYear((y) => Math.min(2199, y + 1))}
        />
      </Space>
      {calendar.error && <IssuesAlert error={calendar.error} />}
      {data && (
        <>
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: { width: 220 } }}
            items={[
              {
                key: 'origin',
                label: t('calendar.originLabel'),
                children: (
                  <Tag color={data.origin === 'official' ? 'green' : 'gold'} data-testid="calendar-origin">
                    {t(`calendar.origin.${data.origin}`)}
                  </Tag>
                ),
              },
              ...(data.source ? [{ key: 'source', label: t('calendar.source'), children: data.source }] : []),
              {
                key: 'file',
                label: t('calendar.fileLabel'),
                children: data.loaded
                  ? data.loaded.fileName
                    ? t('calendar.loaded', { fileName: data.loaded.fileName, at: formatDateTime(data.loaded.at) })
                    : t('calendar.loadedNoName', { at: formatDateTime(data.loaded.at) })
                  : t('calendar.defaults'),
              },
              {
                key: 'periods',
                label: t('calendar.periods'),
                children: data.schedule.periods.map((p) => `${p.start}–${p.end}`).join(', '),
              },
              {
                key: 'weekend',
                label: t('calendar.weekendDays'),
                children: data.weekendDays.map((d) => t(`calendar.weekdays.${d}`)).join(', '),
              },
              ...data.scheduleChanges.map((s, i) => ({
                key: `change-${i}`,
                label: t('calendar.from', { date: formatDate(s.effectiveFrom ?? '') }),
                children: `${describeSchedule(s)}${s.source ? ` (${s.source})` : ''}`,
              })),
            ]}
          />
          {data.origin === 'generated' && (
            <Alert type="warning" showIcon title={t('calendar.generatedWarning', { year })} />
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('calendar.entriesTitle', { year })}{' '}
            <Typography.Text type="secondary">
              {t('calendar.entriesCount', { count: data.entries.length })}
            </Typography.Text>
          </Typography.Title>
          <Table<CalendarEntryView>
            size="small"
            rowKey="date"
            pagination={false}
            dataSource={data.entries}
            locale={{ emptyText: t('calendar.empty') }}
            onRow={(e) => ({ 'data-testid': `calendar-${e.date}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('calendar.date'), dataIndex: 'date', width: 120, render: (d: string) => formatDate(d) },
              {
                title: t('calendar.weekday'),
                key: 'weekday',
                width: 110,
                render: (_, e) => t(`calendar.weekdays.${weekdayOf(e.date)}`),
              },
              {
                title: t('calendar.kind'),
                dataIndex: 'kind',
                width: 200,
                render: (k: CalendarEntryView['kind']) => <Tag color={kindColours[k]}>{t(`calendar.kinds.${k}`)}</Tag>,
              },
              { title: t('calendar.name'), dataIndex: 'name', render: (n?: string) => n ?? '' },
              {
                title: `${t('calendar.source')} / ${t('calendar.note')}`,
                key: 'source',
                // The year's own source is shown once above; an entry shows only a source of its own.
                render: (_, e) => [e.source === data.source ? undefined : e.source, e.note].filter(Boolean).join(' — '),
              },
            ]}
          />
        </>
      )}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('calendar.import')}
      </Typography.Title>
      <FileDrop
        testId="calendar-file"
        hint={t('calendar.importHint')}
        maxMb={5}
        busy={importing}
        onText={importFile}
        onUnreadable={(data) => setError({ data })}
      />
      {result && <Alert type="success" showIcon role="status" title={result} />}
      {error && <IssuesAlert error={error.data} fileName={error.fileName} />}
    </Space>
  );
}
