import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Counter } from '../../../shared/contract/office';
import { call } from '../../api/client';
import { type OrganisationData, officeTree, requiredRule } from './common';
import { EditDrawer } from './EditDrawer';
import { idFromName } from './OfficesTab';

type Editing = { mode: 'add' } | { mode: 'edit'; counter: Counter };

/** The counters (quầy) of each office. */
export function CountersTab({ organisation }: { organisation: OrganisationData }) {
  const { t } = useTranslation('settings');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const officeName = (id: string) => organisation.offices.find((o) => o.id === id)?.name ?? id;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('counters.intro')}</Typography.Text>
      <Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'add' })}>
          {t('counters.add')}
        </Button>
        <Typography.Text type="secondary">
          {t('counters.count', { count: organisation.counters.length })}
        </Typography.Text>
      </Space>
      {saved && <Typography.Text type="success">{saved}</Typography.Text>}
      <Table<Counter>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={[...organisation.counters].sort(
          (a, b) =>
            officeName(a.officeId).localeCompare(officeName(b.officeId), 'vi') || a.name.localeCompare(b.name, 'vi'),
        )}
        locale={{ emptyText: t('counters.empty') }}
        onRow={(c) => ({ 'data-testid': `counter-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('counters.name'), dataIndex: 'name' },
          { title: t('counters.office'), key: 'office', render: (_, c) => officeName(c.officeId) },
          {
            title: t('counters.id'),
            dataIndex: 'id',
            width: 200,
            render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
          },
          {
            title: t('common.status'),
            key: 'active',
            width: 150,
            render: (_, c) =>
              c.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, c) => (
              <Button size="small" onClick={() => setEditing({ mode: 'edit', counter: c })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <CounterDrawer
        editing={editing}
        organisation={organisation}
        onClose={() => setEditing(null)}
        onSaved={(counter) => {
          setEditing(null);
          setSaved(t('counters.saved', { name: counter.name }));
          organisation.reload();
        }}
      />
    </Space>
  );
}

interface CounterForm {
  id: string;
  officeId?: string;
  name: string;
  active: boolean;
}

function CounterDrawer({
  editing,
  organisation,
  onClose,
  onSaved,
}: {
  editing: Editing | null;
  organisation: OrganisationData;
  onClose: () => void;
  onSaved: (counter: Counter) => void;
}) {
  const { t } = useTranslation('settings');
  const [form] = Form.useForm<CounterForm>();
  const tree = useMemo(() => officeTree(organisation.offices), [organisation.offices]);
  const adding = editing?.mode === 'add';
  const initial: CounterForm | undefined =
    editing === null
      ? undefined
      : editing.mode === 'edit'
        ? { ...editing.counter }
        : { id: '', name: '', active: true };

  const save = async (values: CounterForm) => {
    onSaved(
      await call('counter.save', {
        id: values.id.trim(),
        officeId: values.officeId ?? '',
        name: values.name,
        active: values.active,
      }),
    );
  };

  return (
    <EditDrawer<CounterForm>
      form={form}
      initial={initial}
      title={adding ? t('counters.addTitle') : t('counters.editTitle')}
      size={480}
      testId="counter-form"
      onClose={onClose}
      onSave={save}
      onValuesChange={(_, all) => {
        if (adding && !form.isFieldTouched('id') && all.officeId && all.name) {
          form.setFieldValue('id', `${all.officeId}-${idFromName(all.name)}`.slice(0, 100));
        }
      }}
    >
      <Form.Item name="officeId" label={t('counters.office')} rules={[requiredRule(t, t('counters.office'))]}>
        <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" autoFocus />
      </Form.Item>
      <Form.Item name="name" label={t('counters.name')} rules={[requiredRule(t, t('counters.name'))]}>
        <Input maxLength={200} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="id"
        label={t('counters.id')}
        rules={[
          requiredRule(t, t('counters.id')),
          { pattern: /^[A-Za-z0-9._-]+$/, message: t('offices.idInvalid') },
          {
            validator: (_, v: string | undefined) => {
              const other = adding ? organisation.counters.find((c) => c.id === v?.trim()) : undefined;
              return other
                ? Promise.reject(new Error(t('offices.idTaken', { id: other.id, name: other.name })))
                : Promise.resolve();
            },
          },
        ]}
      >
        <Input maxLength={100} disabled={!adding} autoComplete="off" />
      </Form.Item>
      <Form.Item name="active" label={t('counters.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </EditDrawer>
  );
}
