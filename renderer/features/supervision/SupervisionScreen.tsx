import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardCounts, DashboardDimension, DashboardGroupRow } from '../../../shared/contract/reports';
import { useCall } from '../../api/useCall';
import { AlertsPanel } from './AlertsPanel';
import { Charts } from './Charts';
import { DrillList, type DrillTarget } from './DrillList';
import { dateTimeOf } from './format';

const METRICS: Array<{ key: keyof DashboardCounts; color: string }> = [
  { key: 'overdue', color: '#b71c1c' },
  { key: 'dueToday', color: '#ea580c' },
  { key: 'dueSoon', color: '#ca8a04' },
  { key: 'paused', color: '#1d4ed8' },
  { key: 'open', color: '#374151' },
];
const DIMENSIONS: DashboardDimension[] = ['office', 'field', 'procedure', 'officer'];

/** The supervisor's dashboard (Giám sát): late and soon-late dossiers, by unit, field, procedure, officer. */
export function SupervisionScreen() {
  const { t } = useTranslation('reports');
  const scope = useCall('reports.scope', {});
  const [officeId, setOfficeId] = useState<string | undefined>();
  const [period, setPeriod] = useState<[string, string]>(() => [
    dayjs().subtract(2, 'month').startOf('month').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const [hours, setHours] = useState(8);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const params = { officeId, from: period[0], to: period[1], dueWithinHours: hours };
  const dashboard = useCall('reports.dashboard', params);
  const d = dashboard.data;

  const open = (target: DrillTarget) => setDrill(target);
  const cell =
    (dimension: DashboardDimension, metric: keyof DashboardCounts) => (value: number, row: DashboardGroupRow) =>
      value > 0 ? (
        <Button
          type="link"
          size="small"
          data-testid={`group-${dimension}-${row.key}-${metric}`}
          onClick={() => open({ metric, dimension, key: row.key, groupLabel: row.label })}
        >
          {value}
        </Button>
      ) : (
        <Typography.Text type="secondary">0</Typography.Text>
      );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="baseline" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('supervision.title')}
        </Typography.Title>
        <Space wrap>
          {d && (
            <Typography.Text type="secondary">{t('supervision.computedAt', { at: dateTimeOf(d.at) })}</Typography.Text>
          )}
          {d?.local && <Tag color="gold">{t('offlineNote')}</Tag>}
        </Space>
      </Space>
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
          value={[dayjs(period[0]), dayjs(period[1])]}
          onChange={(v) => {
            if (v?.[0] && v[1]) setPeriod([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
          }}
        />
        <span>{t('supervision.dueWithin')}</span>
        <InputNumber
          aria-label={t('supervision.dueWithin')}
          min={1}
          max={400}
          value={hours}
          onChange={(v) => setHours(v ?? 8)}
        />
        <span>{t('supervision.workingHours')}</span>
        <Button icon={<ReloadOutlined />} onClick={dashboard.reload}>
          {t('supervision.refresh')}
        </Button>
      </Space>
      {d && (
        <Typography.Text type="secondary">
          {t('supervision.scope', { name: d.scope.name, count: d.scope.offices })}
        </Typography.Text>
      )}
      {dashboard.error && <Alert type="error" showIcon role="alert" title={dashboard.error.message} />}
      <Row gutter={[16, 16]}>
        {METRICS.map((m) => (
          <Col key={m.key} xs={12} md={8} xl={4}>
            <Card hoverable size="small" data-testid={`metric-${m.key}`} onClick={() => open({ metric: m.key })}>
              <Statistic
                title={t(`supervision.metrics.${m.key}`)}
                value={d?.totals[m.key] ?? 0}
                styles={{ content: { color: m.color } }}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={16} xl={4}>
          <Card hoverable size="small" data-testid="metric-onTime" onClick={() => open({ metric: 'resolvedLate' })}>
            <Statistic
              title={t('supervision.onTimeRate')}
              value={d?.onTime.rate === null || !d ? '—' : (d.onTime.rate * 100).toFixed(1)}
              suffix={d?.onTime.rate === null ? '' : '%'}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d && d.onTime.resolved > 0
                ? t('supervision.onTimeDetail', { ...d.onTime, inTime: d.onTime.early + d.onTime.onTime })
                : t('supervision.noRate')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      {drill && <DrillList target={drill} params={params} onClose={() => setDrill(null)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Tabs
              items={DIMENSIONS.map((dim) => ({
                key: dim,
                label: t(`supervision.by.${dim}`),
                children: (
                  <Table<DashboardGroupRow>
                    size="small"
                    rowKey="key"
                    dataSource={d?.groups[dim] ?? []}
                    pagination={{ pageSize: 8, showSizeChanger: false }}
                    scroll={{ x: 880 }}
                    columns={[
                      { title: t('supervision.group'), dataIndex: 'label', width: 280, ellipsis: { showTitle: true } },
                      ...METRICS.map((m) => ({
                        title: t(`supervision.metrics.${m.key}`),
                        dataIndex: m.key,
                        width: 120,
                        align: 'right' as const,
                        render: cell(dim, m.key),
                      })),
                    ]}
                  />
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <AlertsPanel officeId={officeId} />
        </Col>
      </Row>
      {d && <Charts charts={d.charts} />}
    </Space>
  );
}
