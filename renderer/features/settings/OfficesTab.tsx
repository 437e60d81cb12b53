import { PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, Input, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCY_ID_RE } from '../../../shared/codes/agency';
import type { Office } from '../../../shared/contract/office';
import { fold } from '../../../shared/text/fold';
import { call } from '../../api/client';
import {
  levelLabel,
  levelSuggestions,
  type OfficeNode,
  type OrganisationData,
  officeTree,
  requiredRule,
} from './common';
import { EditDrawer } from './EditDrawer';

const ID_RE = /^[A-Za-z0-9._-]+$/;

/** A readable internal id from a name: `Ủy ban nhân dân xã Hưng Nguyên` → `uy-ban-nhan-dan-xa-hung-nguyen`. */
export function idFromName(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

type Editing = { mode: 'add'; parentId: string | null } | { mode: 'edit'; office: Office };

/** The organisation tree (cơ quan, đơn vị): agency identifiers, levels as data, parents. */
export function OfficesTab({ organisation }: { organisation: OrganisationData }) {
  const { t } = useTranslation('settings');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const tree = useMemo(() => officeTree(organisation.offices), [organisation.offices]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('offices.intro')}</Typography.Text>
      <Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'add', parentId: null })}>
          {t('offices.add')}
        </Button>
        <Typography.Text type="secondary">{t('offices.count', { count: organisation.offices.length })}</Typography.Text>
      </Space>
      {saved && <Typography.Text type="success">{saved}</Typography.Text>}
      <Table<OfficeNode>
        size="small"
        rowKey="key"
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={organisation.offices.length}
        locale={{ emptyText: t('offices.empty') }}
        onRow={(node) => ({ 'data-testid': `office-${node.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('offices.name'), key: 'name', render: (_, n) => n.office.name },
          {
            title: t('offices.agencyId'),
            key: 'agencyId',
            width: 150,
            render: (_, n) => (n.office.agencyId ? <Typography.Text code>{n.office.agencyId}</Typography.Text> : '—'),
          },
          { title: t('offices.level'), key: 'level', width: 240, render: (_, n) => levelLabel(n.office.level, t) },
          {
            title: t('common.status'),
            key: 'active',
            width: 150,
            render: (_, n) =>
              n.office.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 260,
            render: (_, n) => (
              <Space size="small">
                <Button size="small" onClick={() => setEditing({ mode: 'edit', office: n.office })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" onClick={() => setEditing({ mode: 'add', parentId: n.office.id })}>
                  {t('offices.addChild')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <OfficeDrawer
        editing={editing}
        offices={organisation.offices}
        onClose={() => setEditing(null)}
        onSaved={(office) => {
          setEditing(null);
          setSaved(t('offices.saved', { name: office.name }));
          organisation.reload();
        }}
      />
    </Space>
  );
}

interface OfficeForm {
  id: string;
  agencyId: string;
  name: string;
  level: string;
  parentId: string | null;
  address: string;
  phone: string;
  active: boolean;
}

function OfficeDrawer({
  editing,
  offices,
  onClose,
  onSaved,
}: {
  editing: Editing | null;
  offices: Office[];
  onClose: () => void;
  onSaved: (office: Office) => void;
}) {
  const { t } = useTranslation('settings');
  const [form] = Form.useForm<OfficeForm>();
  const adding = editing?.mode === 'add';
  const parents = useMemo(
    () => officeTree(offices, editing?.mode === 'edit' ? editing.office.id : undefined),
    [offices, editing],
  );

  const initial: OfficeForm | undefined =
    editing === null
      ? undefined
      : editing.mode === 'edit'
        ? { ...editing.office, agencyId: editing.office.agencyId ?? '' }
        : {
            id: '',
            agencyId: '',
            name: '',
            level: '',
            parentId: editing.parentId,
            address: '',
            phone: '',
            active: true,
          };

  const save = async (values: OfficeForm) => {
    const office = await call('office.save', {
      id: values.id.trim(),
      agencyId: values.agencyId.trim() ? values.agencyId.trim().toUpperCase() : null,
      name: values.name,
      level: values.level,
      parentId: values.parentId ?? null,
      address: values.address ?? '',
      phone: values.phone ?? '',
      active: values.active,
    });
    onSaved(office);
  };

  return (
    <EditDrawer<OfficeForm>
      form={form}
      initial={initial}
      title={adding ? t('offices.addTitle') : t('offices.editTitle')}
      size={560}
      testId="office-form"
      onClose={onClose}
      onSave={save}
      onRefused={(error) => {
        // Field-level issues go next to their fields too.
        const fields = (error.issues ?? []).filter((i) => i.path && i.path in (initial ?? {}));
        if (fields.length)
          form.setFields(fields.map((i) => ({ name: i.path as keyof OfficeForm, errors: [i.message] })));
      }}
      onValuesChange={(changed: Partial<OfficeForm>) => {
        if (adding && changed.name !== undefined && !form.isFieldTouched('id')) {
          form.setFieldValue('id', idFromName(changed.name));
        }
      }}
    >
      <Form.Item name="name" label={t('offices.name')} rules={[requiredRule(t, t('offices.name'))]}>
        <Input maxLength={300} autoFocus autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="agencyId"
        label={t('offices.agencyId')}
        extra={t('offices.agencyIdHint')}
        normalize={(v: string) => v.toUpperCase()}
        rules={[
          {
            validator: (_, v: string | undefined) =>
              !v?.trim() || AGENCY_ID_RE.test(v.trim())
                ? Promise.resolve()
                : Promise.reject(new Error(t('offices.agencyIdInvalid'))),
          },
        ]}
      >
        <Input maxLength={13} placeholder="000.00.06.H56" autoComplete="off" />
      </Form.Item>
      <Form.Item name="level" label={t('offices.level')} rules={[requiredRule(t, t('offices.level'))]}>
        <AutoComplete
          placeholder={t('offices.levelPlaceholder')}
          options={levelSuggestions.map((l) => ({ value: l, label: `${t(`offices.levels.${l}`)} (${l})` }))}
          showSearch={{
            filterOption: (typed, option) =>
              fold(`${option?.value ?? ''} ${String(option?.label ?? '')}`).includes(fold(typed)),
          }}
        />
      </Form.Item>
      <Form.Item name="parentId" label={t('offices.parent')}>
        <TreeSelect
          treeData={parents}
          treeDefaultExpandAll
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('offices.parentNone')}
        />
      </Form.Item>
      <Form.Item
        name="id"
        label={t('offices.id')}
        extra={t('offices.idHint')}
        rules={[
          requiredRule(t, t('offices.id')),
          { pattern: ID_RE, message: t('offices.idInvalid') },
          {
            validator: (_, v: string | undefined) => {
              const other = adding ? offices.find((o) => o.id === v?.trim()) : undefined;
              return other
                ? Promise.reject(new Error(t('offices.idTaken', { id: other.id, name: other.name })))
                : Promise.resolve();
            },
          },
        ]}
      >
        <Input maxLength={100} disabled={!adding} autoComplete="off" />
      </Form.Item>
      <Form.Item name="address" label={t('offices.address')}>
        <Input maxLength={500} autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t('offices.phone')}>
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="active" label={t('offices.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </EditDrawer>
  );
}
