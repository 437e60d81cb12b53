import { CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardDimension, DashboardMetric, DrillRow } from '../../../shared/contract/reports';
import { useCall } from '../../api/useCall';
import { useNavigation } from '../../stores/navigation';
import { DeadlineTag } from '../dossiers/DeadlineTag';
import { dateOf as formatDate, dateTimeOf as formatDateTime } from './format';

export interface DrillTarget {
  metric: DashboardMetric;
  dimension?: DashboardDimension;
  key?: string;
  groupLabel?: string;
}

const pageSize = 20;

/** Why a late dossier is late: the hand-off where time was lost (form 06) and the apology (form 04). */
function LateWhy({ row }: { row: DrillRow }) {
  const { t } = useTranslation('reports');
  if (!row.late) return null;
  const lost = row.late.lostAt;
  return (
    <div>
      <div data-testid="late-lost-at">
        {lost.kind === 'handoff'
          ? t('supervision.drill.lostAtHandoff', {
              from: lost.fromOfficeName,
              to: lost.toOfficeName,
              at: formatDateTime(lost.givenAt),
            })
          : t('supervision.drill.lostAtHolder', { office: lost.officeName })}
      </div>
      <Typography.Text type={row.late.apology === 'inTime' ? 'success' : 'danger'}>
        {t(`supervision.drill.apology.${row.late.apology}`, { at: formatDateTime(row.late.apologyIssuedAt) })}
      </Typography.Text>
    </div>
  );
}

/** The dossiers behind one number of the dashboard; a click opens the dossier drawer. */
export function DrillList({
  target,
  params,
  onClose,
}: {
  target: DrillTarget;
  params: { officeId?: string; from: string; to: string; dueWithinHours: number };
  onClose: () => void;
}) {
  const { t } = useTranslation('reports');
  const openDossier = useNavigation((s) => s.openDossier);
  const [page, setPage] = useState(1);
  const list = useCall('reports.drill', {
    ...params,
    metric: target.metric,
    dimension: target.dimension,
    key: target.key,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const metric = t(`supervision.metrics.${target.metric}`);
  const total = list.data?.total ?? 0;
  return (
    <Card
      data-testid="drill-list"
      title={
        target.groupLabel
          ? t('supervision.drill.titleGroup', { metric, group: target.groupLabel, count: total })
          : t('supervision.drill.title', { metric, count: total })
      }
      extra={<Button icon={<CloseOutlined />} aria-label="close" onClick={onClose} />}
    >
      {list.error && <Alert type="error" showIcon role="alert" title={list.error.message} />}
      <Table<DrillRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(row) => ({
          onClick: () => openDossier(row.id),
          style: { cursor: 'pointer' },
          'data-testid': `drill-row-${row.code ?? row.id}`,
        })}
        scroll={{ x: 1300 }}
        pagination={{ current: page, pageSize, total, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('supervision.drill.code'), dataIndex: 'code', width: 190, fixed: 'left' },
          { title: t('supervision.drill.applicant'), dataIndex: 'applicantName', width: 160 },
          { title: t('supervision.drill.procedure'), dataIndex: 'procedureName', width: 260, ellipsis: true },
          { title: t('supervision.drill.holder'), dataIndex: 'holderName', width: 200, ellipsis: true },
          {
            title: t('supervision.drill.due'),
            dataIndex: 'dueAt',
            width: 120,
            render: (v: string | null) => formatDate(v),
          },
          {
            title: t('supervision.drill.deadline'),
            key: 'deadline',
            width: 150,
            render: (_, row) => <DeadlineTag row={row} />,
          },
          {
            title: t('supervision.drill.why'),
            key: 'why',
            width: 300,
            fixed: 'right',
            render: (_, row) => <LateWhy row={row} />,
          },
        ]}
      />
    </Card>
  );
}
