import { Alert, Input, type InputRef, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeDuration } from '../../../shared/catalogue/describe';
import type { ProcedureLevel, ProcedureView } from '../../../shared/catalogue/procedure';
import { fold } from '../../../shared/text/fold';
import { useCall } from '../../api/useCall';
import { useDebounced } from '../../components/useDebounced';
import { useListKeyboard } from '../../components/useListKeyboard';
import { ProcedureDrawer } from './ProcedureDrawer';

const pageSize = 20;

/** The procedure catalogue: search without diacritics, filter by field and level, open the details. */
export function ProceduresScreen() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [fieldCode, setFieldCode] = useState<string | undefined>();
  const [level, setLevel] = useState<ProcedureLevel | undefined>();
  const [page, setPage] = useState(1);
  const [openCode, setOpenCode] = useState<string | null>(null);
  const searchRef = useRef<InputRef>(null);
  const debouncedQuery = useDebounced(query, 150);

  const fields = useCall('catalogue.fields', {});
  const info = useCall('app.info', {});
  const input = useMemo(
    () => ({ query: debouncedQuery, fieldCode, level, limit: pageSize, offset: (page - 1) * pageSize }),
    [debouncedQuery, fieldCode, level, page],
  );
  const search = useCall('catalogue.search', input);
  const items = search.data?.items ?? [];

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (event.key === '/' && !typing && openCode === null) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openCode]);

  const keyboard = useListKeyboard(search.data?.items, {
    disabled: openCode !== null,
    onEnter: (row) => {
      if (row) setOpenCode(row.code);
      return row !== undefined;
    },
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} onKeyDown={keyboard.onKeyDown}>
      <Space align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('procedures.title')}
        </Typography.Title>
        {info.data?.catalogueVersion && (
          <Typography.Text type="secondary">
            {t('procedures.catalogueVersion', { version: info.data.catalogueVersion })}
          </Typography.Text>
        )}
      </Space>
      <Space wrap>
        <Input.Search
          ref={searchRef}
          allowClear
          role="searchbox"
          aria-label={t('procedures.searchPlaceholder')}
          placeholder={t('procedures.searchPlaceholder')}
          style={{ width: 460 }}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(1);
          }}
        />
        <Select
          aria-label={t('procedures.field')}
          style={{ width: 260 }}
          allowClear
          showSearch={{ filterOption: (typed, option) => fold(String(option?.label ?? '')).includes(fold(typed)) }}
          placeholder={t('procedures.allFields')}
          value={fieldCode}
          onChange={(value?: string) => {
            setFieldCode(value);
            setPage(1);
          }}
          options={(fields.data ?? []).map((f) => ({ value: f.code, label: `${f.name} (${f.count})` }))}
        />
        <Select
          aria-label={t('procedures.level')}
          style={{ width: 180 }}
          allowClear
          placeholder={t('procedures.allLevels')}
          value={level}
          onChange={(value?: ProcedureLevel) => {
            setLevel(value);
            setPage(1);
          }}
          options={(['province', 'commune'] as const).map((l) => ({ value: l, label: t(`procedures.levels.${l}`) }))}
        />
      </Space>
      {search.error && <Alert type="error" showIcon title={search.error.message} />}
      <Table<ProcedureView>
        size="middle"
        rowKey="code"
        loading={search.loading}
        dataSource={items}
        locale={{ emptyText: t('procedures.empty') }}
        rowClassName={keyboard.rowClassName}
        onRow={(record, index) => ({
          onClick: () => {
            keyboard.select(index ?? 0);
            setOpenCode(record.code);
          },
          style: { cursor: 'pointer' },
          'data-testid': `procedure-${record.code}`,
        })}
        pagination={{
          current: page,
          pageSize,
          total: search.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('procedures.total', { count: total }),
          onChange: setPage,
        }}
        columns={[
          { title: t('procedures.code'), dataIndex: 'code', width: 110 },
          { title: t('procedures.name'), dataIndex: 'name' },
          { title: t('procedures.field'), dataIndex: 'fieldName', width: 220 },
          {
            title: t('procedures.level'),
            dataIndex: 'level',
            width: 110,
            render: (l: ProcedureLevel) => (
              <Tag color={l === 'province' ? 'volcano' : 'geekblue'}>{t(`procedures.levels.${l}`)}</Tag>
            ),
          },
          {
            title: t('procedures.duration'),
            key: 'duration',
            width: 220,
            render: (_, p) => describeDuration(p.duration, t),
          },
        ]}
      />
      <ProcedureDrawer code={openCode} onClose={() => setOpenCode(null)} />
    </Space>
  );
}
