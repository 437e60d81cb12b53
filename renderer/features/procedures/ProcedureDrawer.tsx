import { Alert, Descriptions, Drawer, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeDuration, describeFee } from '../../../shared/catalogue/describe';
import type { Component } from '../../../shared/catalogue/procedure';
import { useCall } from '../../api/useCall';

/** Everything a counter officer needs to guide a citizen through one procedure. Esc closes it. */
export function ProcedureDrawer({ code, onClose }: { code: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const procedure = useCall('catalogue.get', code === null ? null : { code });
  const p = code !== null && procedure.data?.code === code ? procedure.data : undefined;

  return (
    <Drawer
      open={code !== null}
      onClose={onClose}
      size={760}
      title={p ? p.name : t('procedures.detail')}
      keyboard
      destroyOnHidden
    >
      {procedure.error && <Alert type="error" showIcon title={procedure.error.message} />}
      {!p && !procedure.error && <Skeleton active />}
      {p && (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 200 } }}
            items={[
              { key: 'code', label: t('procedures.code'), children: p.code },
              { key: 'name', label: t('procedures.name'), children: p.name },
              { key: 'field', label: t('procedures.field'), children: p.fieldName },
              { key: 'level', label: t('procedures.level'), children: t(`procedures.levels.${p.level}`) },
              { key: 'agency', label: t('procedures.agency'), children: p.agency },
              { key: 'duration', label: t('procedures.duration'), children: describeDuration(p.duration, t) },
              {
                key: 'fee',
                label: t('procedures.fee'),
                children: (
                  <>
                    {describeFee(p.fee.amount, t)}
                    {p.fee.note && <Typography.Text type="secondary"> — {p.fee.note}</Typography.Text>}
                  </>
                ),
              },
              ...(p.result ? [{ key: 'result', label: t('procedures.result'), children: p.result }] : []),
              ...(p.legalBasis.length > 0
                ? [
                    {
                      key: 'legalBasis',
                      label: t('procedures.legalBasis'),
                      children: (
                        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                          {p.legalBasis.map((basis) => (
                            <li key={basis}>{basis}</li>
                          ))}
                        </ul>
                      ),
                    },
                  ]
                : []),
              {
                key: 'effectiveFrom',
                label: t('procedures.effectiveFrom'),
                children: p.effectiveFrom.split('-').reverse().join('/'),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('procedures.components')}
          </Typography.Title>
          <Table<Component & { index: number }>
            size="small"
            pagination={false}
            rowKey="index"
            dataSource={p.components.map((c, index) => ({ ...c, index }))}
            columns={[
              { title: '#', dataIndex: 'index', width: 40, render: (i: number) => i + 1 },
              {
                title: t('procedures.componentName'),
                key: 'name',
                render: (_, c) => (
                  <>
                    {c.name} {!c.required && <Tag>{t('procedures.optional')}</Tag>}
                    {c.note && (
                      <div>
                        <Typography.Text type="secondary">{c.note}</Typography.Text>
                      </div>
                    )}
                  </>
                ),
              },
              { title: t('procedures.original'), width: 90, align: 'center', render: (_, c) => c.copies.original },
              { title: t('procedures.certified'), width: 110, align: 'center', render: (_, c) => c.copies.certified },
              { title: t('procedures.photocopy'), width: 80, align: 'center', render: (_, c) => c.copies.photocopy },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
