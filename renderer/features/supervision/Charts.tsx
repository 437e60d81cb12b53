import { Card, Col, Empty, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Dashboard } from '../../../shared/contract/reports';
import { dateOf } from './format';

const RED = '#b71c1c';
const BLUE = '#1d4ed8';
const GREEN = '#15803d';
const ORANGE = '#ea580c';

function Frame({ title, empty, children }: { title: string; empty: boolean; children: React.ReactElement }) {
  const { t } = useTranslation('reports');
  return (
    <Card size="small" title={title}>
      <div style={{ width: '100%', height: 240 }}>
        {empty ? (
          <Empty description={t('supervision.charts.empty')} />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

/** Received vs resolved per week, on-time rate per month, late by holding unit. */
export function Charts({ charts }: { charts: Dashboard['charts'] }) {
  const { t } = useTranslation('reports');
  const monthly = charts.monthly.map((m) => ({
    month: `${m.month.slice(5, 7)}/${m.month.slice(0, 4)}`,
    rate: m.rate === null ? null : Math.round(m.rate * 1000) / 10,
  }));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <Frame title={t('supervision.charts.weekly')} empty={charts.weekly.length === 0}>
          <BarChart data={charts.weekly.map((w) => ({ ...w, week: dateOf(w.week).slice(0, 5) }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar dataKey="received" name={t('supervision.charts.received')} fill={BLUE} />
            <Bar dataKey="resolved" name={t('supervision.charts.resolved')} fill={GREEN} />
          </BarChart>
        </Frame>
      </Col>
      <Col xs={24} xl={8}>
        <Frame title={t('supervision.charts.monthly')} empty={monthly.length === 0}>
          <LineChart data={monthly}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" fontSize={11} />
            <YAxis domain={[0, 100]} fontSize={11} />
            <Tooltip />
            <Legend />
            <Line dataKey="rate" name={t('supervision.charts.rate')} stroke={RED} strokeWidth={2} connectNulls />
          </LineChart>
        </Frame>
      </Col>
      <Col xs={24} xl={8}>
        <Frame title={t('supervision.charts.lateByHolder')} empty={charts.lateByHolder.length === 0}>
          <BarChart data={charts.lateByHolder} layout="vertical" margin={{ left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} fontSize={11} />
            <YAxis type="category" dataKey="label" width={150} fontSize={10} />
            <Tooltip />
            <Legend />
            <Bar dataKey="resolvedLate" stackId="a" name={t('supervision.charts.resolvedLate')} fill={ORANGE} />
            <Bar dataKey="overdue" stackId="a" name={t('supervision.charts.overdue')} fill={RED} />
          </BarChart>
        </Frame>
      </Col>
    </Row>
  );
}
