import { Button, Drawer, Form, type FormInstance, type FormProps, Space } from 'antd';
import { type ReactNode, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/contract/result';
import { errorOf, formKeys, IssuesAlert } from './common';

/**
 * The drawer that adds or edits one record of a settings tab: Cancel and Save at the top, a vertical
 * form (Enter moves to the next field, Ctrl+Enter saves, Esc closes), and under it why the last save was
 * refused. Closed while `initial` is undefined; each opening starts from `initial`, without the refusal
 * shown before.
 */
export function EditDrawer<V extends object>({
  form,
  initial,
  title,
  size,
  testId,
  onClose,
  onSave,
  onRefused,
  onValuesChange,
  children,
}: {
  form: FormInstance<V>;
  initial: V | undefined;
  title: string;
  size: number;
  testId: string;
  onClose: () => void;
  /** Makes the call; what it throws is shown under the form. */
  onSave: (values: V) => Promise<void>;
  /** Also told of a refusal (to put field-level issues next to their fields). */
  onRefused?: (error: AppErrorData) => void;
  onValuesChange?: FormProps<V>['onValuesChange'];
  children: ReactNode;
}) {
  const { t } = useTranslation('settings');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorData | undefined>();

  const close = () => {
    setError(undefined);
    onClose();
  };

  const save = async (values: V) => {
    setSaving(true);
    setError(undefined);
    try {
      await onSave(values);
    } catch (e) {
      const data = errorOf(e);
      setError(data);
      onRefused?.(data);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={initial !== undefined}
      onClose={close}
      size={size}
      keyboard
      destroyOnHidden
      title={title}
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} title={t('common.saveShortcut')}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {initial && (
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={save}
          onKeyDown={formKeys(() => form.submit())}
          data-testid={testId}
          onValuesChange={onValuesChange}
        >
          {children}
          {error && <IssuesAlert error={error} />}
          <StartFromInitial form={form} />
        </Form>
      )}
    </Drawer>
  );
}

/**
 * Puts the form back to this drawer's initial values once its fields are mounted (it comes after them, so
 * they are registered and re-render before anything is painted). The form instance outlives the drawer and
 * antd lets the values it kept win over the next form's initialValues: without this, the next record opened
 * would show, and save, what the closed drawer held. Neither clearOnDestroy (StrictMode's second mount
 * empties the form it has just filled, ant-design#52278) nor preserve={false} (it keeps the closed drawer's
 * initial values, which win the same way) does this.
 */
function StartFromInitial({ form }: { form: FormInstance }) {
  useLayoutEffect(() => form.resetFields(), [form]);
  return null;
}
