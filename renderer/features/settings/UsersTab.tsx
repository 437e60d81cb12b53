import { PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayNameSchema, passwordSchema, ROLES, type Role, usernameSchema } from '../../../shared/accounts/roles';
import type { AccountSettings, UserListItem } from '../../../shared/contract/accounts';
import type { AppErrorData } from '../../../shared/contract/result';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { errorOf, formatDateTime, formKeys, IssuesAlert, type OrganisationData, officeTree } from './common';
import { EditDrawer } from './EditDrawer';

type Editing = { mode: 'add' } | { mode: 'edit'; user: UserListItem };

/**
 * Người dùng (administrator): the users of this installation with their roles and office, a lockout
 * ended early, and the sign-in policy (lockout attempts and minutes, idle lock). Users managed by the
 * central server are shown read-only (they change there and come down with the next sync).
 * Keyboard: Tab through the table's buttons; in the forms Enter moves on and Ctrl+Enter saves.
 */
export function UsersTab({ organisation }: { organisation: OrganisationData }) {
  const { t } = useTranslation('accounts');
  const users = useCall('users.list', {});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<AppErrorData | undefined>();
  const officeName = (id: string | null) =>
    id ? (organisation.offices.find((o) => o.id === id)?.name ?? id) : t('users.noOffice');

  const unlock = async (user: UserListItem) => {
    setError(undefined);
    try {
      await call('users.unlock', { id: user.id });
      setNotice(t('users.unlocked', { name: user.displayName }));
      users.reload();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('users.intro')}</Typography.Text>
        <Space>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ mode: 'add' })}
            data-testid="user-add"
          >
            {t('users.add')}
          </Button>
          <Typography.Text type="secondary">{t('users.count', { count: users.data?.length ?? 0 })}</Typography.Text>
        </Space>
        {notice && (
          <Typography.Text type="success" role="status">
            {notice}
          </Typography.Text>
        )}
        {(error ?? users.error) && <IssuesAlert error={(error ?? users.error) as AppErrorData} />}
        <Table<UserListItem>
          size="small"
          rowKey="id"
          pagination={false}
          loading={users.loading && !users.data}
          dataSource={users.data ?? []}
          locale={{ emptyText: t('users.empty') }}
          onRow={(u) => ({ 'data-testid': `user-${u.username}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('users.username'),
              dataIndex: 'username',
              render: (username: string) => <Typography.Text code>{username}</Typography.Text>,
            },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            {
              title: t('users.roles'),
              key: 'roles',
              render: (_, u) => (
                <Space size={[0, 4]} wrap>
                  {u.roles.map((r) => (
                    <Tag key={r}>{t(`roles.${r}`)}</Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('users.office'), key: 'office', render: (_, u) => officeName(u.officeId) },
            {
              title: t('users.status'),
              key: 'status',
              render: (_, u) => (
                <Space size={[0, 4]} wrap>
                  {u.active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>}
                  {u.lockedUntil && (
                    <Tag color="red">{t('users.lockedUntil', { time: formatDateTime(localIso(u.lockedUntil)) })}</Tag>
                  )}
                  {u.central && (
                    <Tag color="blue" title={t('users.centralHint')}>
                      {t('users.central')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('users.actions'),
              key: 'actions',
              width: 200,
              render: (_, u) => (
                <Space>
                  <Button
                    size="small"
                    disabled={u.central}
                    title={u.central ? t('users.centralHint') : undefined}
                    onClick={() => setEditing({ mode: 'edit', user: u })}
                  >
                    {t('users.edit')}
                  </Button>
                  {u.lockedUntil && (
                    <Button size="small" icon={<UnlockOutlined />} onClick={() => unlock(u)}>
                      {t('users.unlock')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <AccountSettingsCard />
      <UserDrawer
        editing={editing}
        organisation={organisation}
        takenNames={(users.data ?? []).map((u) => u.username)}
        onClose={() => setEditing(null)}
        onSaved={(name) => {
          setEditing(null);
          setError(undefined);
          setNotice(t('users.saved', { name }));
          users.reload();
        }}
      />
    </Space>
  );
}

/** An ISO instant → `YYYY-MM-DDTHH:mm` in this computer's local time (for formatDateTime). */
function localIso(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface UserForm {
  username: string;
  displayName: string;
  roles: Role[];
  officeId?: string | null;
  active: boolean;
  password?: string;
  confirm?: string;
}

function UserDrawer({
  editing,
  organisation,
  takenNames,
  onClose,
  onSaved,
}: {
  editing: Editing | null;
  organisation: OrganisationData;
  takenNames: readonly string[];
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation('accounts');
  const [form] = Form.useForm<UserForm>();
  const tree = useMemo(() => officeTree(organisation.offices), [organisation.offices]);
  const adding = editing?.mode === 'add';
  const initial: UserForm | undefined =
    editing === null
      ? undefined
      : editing.mode === 'edit'
        ? {
            username: editing.user.username,
            displayName: editing.user.displayName,
            roles: editing.user.roles,
            officeId: editing.user.officeId,
            active: editing.user.active,
          }
        : { username: '', displayName: '', roles: ['counter'], officeId: null, active: true };

  const save = async (values: UserForm) => {
    const password = values.password ? values.password : undefined;
    const user = await call('users.save', {
      ...(editing?.mode === 'edit' ? { id: editing.user.id } : {}),
      username: values.username,
      displayName: values.displayName,
      roles: values.roles,
      officeId: values.officeId ?? null,
      active: values.active,
      ...(password ? { password } : {}),
    });
    onSaved(user.displayName);
  };

  /** A field checked by the same zod rule the back end applies. */
  const rule = (schema: { safeParse: (v: unknown) => { success: boolean } }, message: string) => ({
    validator: (_: unknown, value: unknown) =>
      value === undefined || value === '' || schema.safeParse(value).success
        ? Promise.resolve()
        : Promise.reject(new Error(message)),
  });

  return (
    <EditDrawer<UserForm>
      form={form}
      initial={initial}
      title={adding ? t('users.addTitle') : t('users.editTitle')}
      size={520}
      testId="user-form"
      onClose={onClose}
      onSave={save}
    >
      <Form.Item
        name="username"
        label={t('users.username')}
        extra={adding ? t('users.usernameHint') : undefined}
        rules={[
          { required: true, whitespace: true, message: t('users.required', { field: t('users.username') }) },
          rule(usernameSchema, t('users.usernameRule')),
          {
            validator: (_, v: string | undefined) =>
              adding && v && takenNames.includes(v.trim().toLowerCase())
                ? Promise.reject(new Error(t('users.usernameTaken', { username: v.trim().toLowerCase() })))
                : Promise.resolve(),
          },
        ]}
      >
        <Input maxLength={64} disabled={!adding} autoFocus={adding} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[
          { required: true, whitespace: true, message: t('users.required', { field: t('users.displayName') }) },
          rule(displayNameSchema, t('users.plainText')),
        ]}
      >
        <Input maxLength={200} autoFocus={!adding} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="roles"
        label={t('users.roles')}
        rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
      >
        <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      </Form.Item>
      <Form.Item name="officeId" label={t('users.office')}>
        <TreeSelect
          treeData={tree}
          treeDefaultExpandAll
          showSearch
          allowClear
          treeNodeFilterProp="title"
          placeholder={t('users.noOffice')}
        />
      </Form.Item>
      <Form.Item name="active" label={t('users.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Typography.Paragraph type="secondary">
        {adding ? t('users.passwordIntro') : t('users.resetIntro')}
      </Typography.Paragraph>
      <Form.Item
        name="password"
        label={adding ? t('users.password') : t('users.newPassword')}
        rules={[
          ...(adding ? [{ required: true, message: t('users.required', { field: t('users.password') }) }] : []),
          rule(passwordSchema, t('users.passwordRule')),
        ]}
      >
        <Input.Password maxLength={256} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('users.confirm')}
        dependencies={['password']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              (getFieldValue('password') ?? '') === (value ?? '')
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.mismatch'))),
          }),
        ]}
      >
        <Input.Password maxLength={256} autoComplete="new-password" />
      </Form.Item>
    </EditDrawer>
  );
}

interface PolicyForm {
  lockoutAttempts: number;
  lockoutMinutes: number;
  idleLockMinutes: number;
}

/** Lockout after failed sign-ins and the idle lock (accounts.settings / accounts.saveSettings). */
function AccountSettingsCard() {
  const { t } = useTranslation('accounts');
  const settings = useCall('accounts.settings', {});
  const [form] = Form.useForm<PolicyForm>();
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<AppErrorData | undefined>();

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toForm(settings.data));
  }, [settings.data, form]);

  const save = async (values: PolicyForm) => {
    setSaving(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const saved = await call('accounts.saveSettings', {
        lockoutAttempts: values.lockoutAttempts,
        lockoutMinutes: values.lockoutMinutes,
        idleLockSeconds: values.idleLockMinutes * 60,
      });
      form.setFieldsValue(toForm(saved));
      setNotice(t('policy.saved'));
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setSaving(false);
    }
  };
  const required = (field: string) => ({ required: true, message: t('users.required', { field }) });

  return (
    <Card size="small" title={t('policy.title')}>
      <Typography.Paragraph type="secondary">{t('policy.intro')}</Typography.Paragraph>
      <Form<PolicyForm>
        form={form}
        layout="inline"
        onFinish={save}
        onKeyDown={formKeys(() => form.submit())}
        data-testid="account-settings-form"
      >
        <Form.Item
          name="lockoutAttempts"
          label={t('policy.lockoutAttempts')}
          rules={[required(t('policy.lockoutAttempts'))]}
        >
          <InputNumber min={3} max={20} precision={0} />
        </Form.Item>
        <Form.Item
          name="lockoutMinutes"
          label={t('policy.lockoutMinutes')}
          rules={[required(t('policy.lockoutMinutes'))]}
        >
          <InputNumber min={1} max={24 * 60} precision={0} />
        </Form.Item>
        <Form.Item
          name="idleLockMinutes"
          label={t('policy.idleLockMinutes')}
          rules={[required(t('policy.idleLockMinutes'))]}
        >
          <InputNumber min={1} max={24 * 60} precision={0} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} title={t('users.saveShortcut')}>
            {t('policy.save')}
          </Button>
        </Form.Item>
      </Form>
      {notice && (
        <Typography.Text type="success" role="status">
          {notice}
        </Typography.Text>
      )}
      {(error ?? settings.error) && <IssuesAlert error={(error ?? settings.error) as AppErrorData} />}
    </Card>
  );
}

function toForm(s: AccountSettings): PolicyForm {
  return {
    lockoutAttempts: s.lockoutAttempts,
    lockoutMinutes: s.lockoutMinutes,
    idleLockMinutes: Math.max(1, Math.round(s.idleLockSeconds / 60)),
  };
}
