import { Alert, Drawer, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewEntry } from '../../../shared/contract/sync';
import { useCall } from '../../api/useCall';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';

/** The review queue: events the server refused, kept visible until an officer resolves them. */
export function ReviewDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('sync');
  const { t: tDossier } = useTranslation('dossier');
  const review = useCall('sync.review', open ? { includeResolved: false } : null);
  return (
    <Drawer open={open} onClose={onClose} title={t('review.title')} size="large" destroyOnHidden>
      <Alert type="info" showIcon title={t('review.hint')} style={{ marginBottom: 12 }} />
      {review.error && <ErrorAlert error={review.error} />}
      {review.data && review.data.items.length === 0 ? (
        <Empty description={t('review.empty')} />
      ) : (
        <Table<ReviewEntry>
          rowKey="id"
          size="small"
          loading={review.loading}
          dataSource={review.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('review.dossier'),
              key: 'dossier',
              render: (_, r) => <Typography.Text code>{r.dossierCode ?? r.dossierId.slice(-12)}</Typography.Text>,
            },
            {
              title: t('review.event'),
              key: 'event',
              render: (_, r) => tDossier(`events.${r.eventType}`, r.eventType),
            },
            {
              title: t('review.reason'),
              key: 'reason',
              render: (_, r) => (
                <div>
                  <Tag color="red">{t(`review.reasons.${r.reasonCode}`, r.reasonCode)}</Tag>
                  <div>{r.message}</div>
                </div>
              ),
            },
            { title: t('review.role'), key: 'role', render: (_, r) => t(`review.roles.${r.role}`) },
            { title: t('review.at'), key: 'at', render: (_, r) => formatDateTime(r.createdAt) },
          ]}
        />
      )}
    </Drawer>
  );
}
