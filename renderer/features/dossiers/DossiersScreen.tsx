import { Badge, Input, type InputRef, Space, Table, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierRow, Queue } from '../../../shared/contract/dossier';
import { useCall } from '../../api/useCall';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { useDebounced } from '../../components/useDebounced';
import { useListKeyboard } from '../../components/useListKeyboard';
import { useNavigation } from '../../stores/navigation';
import { DeadlineTag } from './DeadlineTag';
import { StatusTag } from './StatusTag';

const queues: Queue[] = ['mine', 'today', 'processing', 'supplement', 'ready', 'dueSoon', 'late', 'all', 'closed'];
const pageSize = 20;

/** Work queues with counts, search by code, folded name, ID number or phone; Enter opens a dossier. */
export function DossiersScreen() {
  const { t } = useTranslation('dossier');
  const [queue, setQueue] = useState<Queue>('mine');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const searchRef = useRef<InputRef>(null);
  const openDossier = useNavigation((s) => s.openDossier);
  const openId = useNavigation((s) => s.dossierId);
  const debounced = useDebounced(query, 150);
  // Counts and rows are fetched again after the drawer closes (an action may have moved the dossier).
  const refresh = openId === null ? 'closed' : 'open';
  const counts = useCall('dossier.queues', openId === null ? {} : null);
  const input = useMemo(
    () => ({ queue: debounced ? 'all' : queue, query: debounced, limit: pageSize, offset: (page - 1) * pageSize }),
    [queue, debounced, page],
  );
  const list = useCall('dossier.list', refresh === 'closed' ? input : null);
  const items = list.data?.items ?? [];
  // Enter pressed before the answer for the typed text came (a barcode typed into the box): open the
  // first match as soon as it arrives.
  const pendingOpen = useRef<string | null>(null);
  useEffect(() => {
    const wanted = pendingOpen.current;
    if (wanted === null || list.dataKey !== JSON.stringify(input) || input.query.trim() !== wanted) return;
    pendingOpen.current = null;
    const first = list.data?.items[0];
    if (first) openDossier(first.id);
  }, [list.data, list.dataKey, input, openDossier]);

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  const keyboard = useListKeyboard(list.data?.items, {
    disabled: openId !== null,
    onEnter: (row) => {
      if (query.trim() !== debounced.trim() || list.dataKey !== JSON.stringify(input))
        pendingOpen.current = query.trim();
      else if (row) openDossier(row.id);
      return true;
    },
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} onKeyDown={keyboard.onKeyDown}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dossiers.title')}
      </Typography.Title>
      <Input.Search
        ref={searchRef}
        allowClear
        role="searchbox"
        aria-label={t('dossiers.searchPlaceholder')}
        placeholder={t('dossiers.searchPlaceholder')}
        value={query}
        style={{ maxWidth: 620 }}
        onChange={(e) => {
          setQuery(e.target.value);
          setPage(1);
        }}
      />
      <Tabs
        activeKey={queue}
        onChange={(key) => {
          setQueue(key as Queue);
          setQuery('');
          setPage(1);
        }}
        items={queues.map((q) => ({
          key: q,
          label: (
            <span data-testid={`queue-${q}`}>
              {t(`dossiers.queues.${q}`)}{' '}
              <Badge
                count={counts.data?.[q] ?? 0}
                showZero
                overflowCount={99999}
                color={q === 'late' ? 'red' : q === 'dueSoon' ? 'orange' : '#8c8c8c'}
              />
            </span>
          ),
        }))}
      />
      {list.error && <ErrorAlert error={list.error} />}
      <Table<DossierRow>
        size="middle"
        rowKey="id"
        loading={list.loading}
        dataSource={items}
        locale={{ emptyText: t('dossiers.empty') }}
        rowClassName={keyboard.rowClassName}
        onRow={(record, index) => ({
          onClick: () => {
            keyboard.select(index ?? 0);
            openDossier(record.id);
          },
          style: { cursor: 'pointer' },
        })}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('dossiers.total', { count: total }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('dossiers.code'),
            dataIndex: 'code',
            width: 230,
            render: (code: string | null) => <code>{code}</code>,
          },
          {
            title: t('dossiers.applicant'),
            key: 'applicant',
            render: (_, r) => (
              <>
                <div>{r.applicantName}</div>
                {r.applicantIdNumber && <Typography.Text type="secondary">{r.applicantIdNumber}</Typography.Text>}
              </>
            ),
          },
          { title: t('dossiers.procedure'), dataIndex: 'procedureName', ellipsis: true },
          { title: t('dossiers.receivedAt'), dataIndex: 'receivedAt', width: 140, render: formatDateTime },
          { title: t('dossiers.dueAt'), dataIndex: 'dueAt', width: 140, render: formatDateTime },
          { title: t('dossiers.deadline'), key: 'deadline', width: 190, render: (_, r) => <DeadlineTag row={r} /> },
          {
            title: t('dossiers.status'),
            dataIndex: 'status',
            width: 160,
            render: (s: number) => <StatusTag status={s} />,
          },
        ]}
      />
    </Space>
  );
}
