import { Alert, Button, Form, Input, Select, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/contract/result';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { errorOf, formKeys, IssuesAlert, type OrganisationData, officeTree, requiredRule } from './common';

interface DeskForm {
  officeId?: string;
  counterId?: string | null;
  officerName: string;
  place: string;
}

/** Which office and counter this desktop serves, the officer's name and the place printed on forms. */
export function DeskTab({ organisation, loadError }: { organisation: OrganisationData; loadError?: AppErrorData }) {
  const { t } = useTranslation('settings');
  const desk = useCall('desk.get', {});
  const [form] = Form.useForm<DeskForm>();
  const officeId = Form.useWatch('officeId', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorData | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const tree = useMemo(() => officeTree(organisation.offices), [organisation.offices]);
  const counters = organisation.counters.filter((c) => c.officeId === officeId && c.active);

  useEffect(() => {
    if (!desk.data) return;
    form.setFieldsValue({
      officeId: desk.data.officeId ?? undefined,
      counterId: desk.data.counterId || null,
      officerName: desk.data.officerName,
      place: desk.data.place,
    });
  }, [desk.data, form]);

  const save = async (values: DeskForm) => {
    setSaving(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const result = await call('desk.set', {
        officeId: values.officeId ?? '',
        counterId: values.counterId || null,
        officerName: values.officerName,
        place: values.place,
      });
      const office = organisation.offices.find((o) => o.id === result.officeId);
      setSaved(t('desk.saved', { office: office?.name ?? result.officeId }));
      desk.reload();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">{t('desk.intro')}</Typography.Paragraph>
      {(loadError ?? desk.error) && <IssuesAlert error={(loadError ?? desk.error) as AppErrorData} />}
      <Form<DeskForm>
        form={form}
        layout="vertical"
        onFinish={save}
        onKeyDown={formKeys(() => form.submit())}
        requiredMark
        data-testid="desk-form"
      >
        {desk.data && (
          <Form.Item label={t('desk.deviceId')}>
            <Typography.Text code copyable>
              {desk.data.deviceId}
            </Typography.Text>
          </Form.Item>
        )}
        <Form.Item name="officeId" label={t('desk.office')} rules={[requiredRule(t, t('desk.office'))]}>
          <TreeSelect
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('desk.officePlaceholder')}
            onChange={(id: string) => {
              const current = form.getFieldValue('counterId') as string | null | undefined;
              if (current && !organisation.counters.some((c) => c.id === current && c.officeId === id)) {
                form.setFieldValue('counterId', null);
              }
            }}
          />
        </Form.Item>
        <Form.Item
          name="counterId"
          label={t('desk.counter')}
          extra={officeId && counters.length === 0 ? t('desk.noCounters') : undefined}
        >
          <Select
            allowClear
            placeholder={t('desk.counterPlaceholder')}
            options={counters.map((c) => ({ value: c.id, label: c.name }))}
            disabled={!officeId}
          />
        </Form.Item>
        <Form.Item name="officerName" label={t('desk.officerName')} rules={[requiredRule(t, t('desk.officerName'))]}>
          <Input maxLength={200} placeholder={t('desk.officerNamePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('desk.place')}
          extra={t('desk.placeHint')}
          rules={[requiredRule(t, t('desk.place'))]}
        >
          <Input maxLength={100} placeholder={t('desk.placePlaceholder')} autoComplete="off" />
        </Form.Item>
        {error && <IssuesAlert error={error} />}
        {saved && <Alert type="success" showIcon role="status" title={saved} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={saving} title={t('common.saveShortcut')}>
          {t('desk.save')}
        </Button>
      </Form>
    </div>
  );
}
