import { Alert, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/contract/result';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { errorOf, FileDrop, IssuesAlert } from './common';

/** Replace the procedure catalogue from a JSON file (validated whole; the old one stays on error). */
export function CatalogueTab() {
  const { t } = useTranslation('settings');
  const info = useCall('app.info', {});
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<string | undefined>();
  const [error, setError] = useState<{ data: AppErrorData; fileName?: string } | undefined>();

  const importFile = async (content: string, fileName: string) => {
    setImporting(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await call('catalogue.import', { content, fileName });
      setResult(
        t('catalogue.imported', {
          version: r.version,
          count: r.procedures,
          fields: t('catalogue.fields', { count: r.fields }),
        }),
      );
      info.reload();
    } catch (e) {
      setError({ data: errorOf(e), fileName });
    } finally {
      setImporting(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Text type="secondary">{t('catalogue.intro')}</Typography.Text>
      <Typography.Text strong data-testid="catalogue-version">
        {info.data?.catalogueVersion
          ? t('catalogue.current', { version: info.data.catalogueVersion })
          : t('catalogue.none')}
      </Typography.Text>
      <FileDrop
        testId="catalogue-file"
        hint={t('catalogue.import')}
        maxMb={50}
        busy={importing}
        onText={importFile}
        onUnreadable={(data) => setError({ data })}
      />
      {result && <Alert type="success" showIcon role="status" title={result} />}
      {error && <IssuesAlert error={error.data} fileName={error.fileName} />}
    </Space>
  );
}
