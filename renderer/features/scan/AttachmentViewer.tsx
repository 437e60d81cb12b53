import { LeftOutlined, RightOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { Button, Descriptions, Modal, Progress, Space, Tag, Typography } from 'antd';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/contract/result';
import type { AttachmentView } from '../../../shared/scan/schema';
import { CallError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../components/format';
import { readAttachment } from './bytes';
import { openPdf } from './pdf';

const zoomSteps = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

function errorOf(e: unknown): AppErrorData {
  return e instanceof CallError ? e.data : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/**
 * A digitized component: its metadata and its PDF pages rendered here with pdf.js (no plug-in, no
 * temporary file). Keys: PageDown/→ next page, PageUp/← previous, + and − zoom, 0 fits the width, Esc closes.
 */
export function AttachmentViewer({ attachmentId, onClose }: { attachmentId: string | null; onClose: () => void }) {
  const { t } = useTranslation('scan');
  const [info, setInfo] = useState<AttachmentView | null>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [rendered, setRendered] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setInfo(null);
    setDoc(null);
    setError(null);
    setPage(1);
    setZoom('fit');
    setProgress(0);
    if (!attachmentId) return;
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    (async () => {
      const view = await call('attachments.get', { id: attachmentId });
      if (!live) return;
      setInfo(view);
      const { bytes } = await readAttachment(view.sha256, (read, total) => live && setProgress(read / total));
      if (!live) return;
      opened = await openPdf(bytes);
      if (live) setDoc(opened);
      else void opened.destroy();
    })().catch((e: unknown) => live && setError(errorOf(e)));
    return () => {
      live = false;
      void opened?.destroy();
    };
  }, [attachmentId]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let task: RenderTask | null = null;
    let live = true;
    (async () => {
      const pdfPage = await doc.getPage(page);
      if (!live || !canvas.current) return;
      const unscaled = pdfPage.getViewport({ scale: 1 });
      // The frame's width less its padding and room for the dialog's scroll bar.
      const width = Math.max(200, (frame.current?.clientWidth ?? 800) - 24 - 20);
      const scale = zoom === 'fit' ? width / unscaled.width : zoom * (96 / 72);
      const ratio = window.devicePixelRatio || 1;
      const viewport = pdfPage.getViewport({ scale: scale * ratio });
      const target = canvas.current;
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      target.style.width = `${Math.floor(viewport.width / ratio)}px`;
      target.style.height = `${Math.floor(viewport.height / ratio)}px`;
      task = pdfPage.render({ canvas: target, viewport });
      await task.promise;
      if (live) setRendered((n) => n + 1);
    })().catch((e: unknown) => {
      if (live && !(e instanceof Error && e.name === 'RenderingCancelledException')) setError(errorOf(e));
    });
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, page, zoom]);

  const pages = doc?.numPages ?? info?.pageCount ?? 0;
  const go = useCallback(
    (delta: number) => setPage((p) => Math.min(Math.max(1, p + delta), Math.max(1, pages))),
    [pages],
  );
  const zoomBy = useCallback((direction: 1 | -1) => {
    setZoom((z) => {
      const current = z === 'fit' ? 1 : z;
      const i = zoomSteps.findIndex((s) => s >= current);
      const next =
        zoomSteps[Math.min(zoomSteps.length - 1, Math.max(0, (i < 0 ? zoomSteps.length - 1 : i) + direction))];
      return next ?? 1;
    });
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const key = event.key;
    if (key === 'PageDown' || key === 'ArrowRight') go(1);
    else if (key === 'PageUp' || key === 'ArrowLeft') go(-1);
    else if (key === 'Home') setPage(1);
    else if (key === 'End') setPage(Math.max(1, pages));
    else if (key === '+' || key === '=') zoomBy(1);
    else if (key === '-') zoomBy(-1);
    else if (key === '0') setZoom('fit');
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  // The dialog's keys wherever the focus is while it is open (a disabled button cannot hold it).
  const keys = useRef(onKeyDown);
  keys.current = onKeyDown;
  const open = attachmentId !== null;
  useEffect(() => {
    if (!open) return;
    const listener = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [open]);

  return (
    <Modal
      open={attachmentId !== null}
      onCancel={onClose}
      footer={null}
      width="min(1100px, 96vw)"
      title={info ? t('viewer.title', { name: info.componentName }) : t('viewer.loading')}
      destroyOnHidden
      styles={{ body: { maxHeight: '80vh', overflow: 'auto' } }}
    >
      <div data-testid="attachment-viewer">
        {error && <ErrorAlert error={error} />}
        <Space wrap style={{ marginBottom: 8 }}>
          <Button icon={<LeftOutlined />} onClick={() => go(-1)} disabled={page <= 1}>
            {t('viewer.previous')} <kbd className="shortcut">PgUp</kbd>
          </Button>
          <Typography.Text strong data-testid="viewer-page">
            {t('viewer.pageOf', { page, pages })}
          </Typography.Text>
          <Button icon={<RightOutlined />} onClick={() => go(1)} disabled={page >= pages} autoFocus>
            {t('viewer.next')} <kbd className="shortcut">PgDn</kbd>
          </Button>
          <Button icon={<ZoomOutOutlined />} onClick={() => zoomBy(-1)} aria-label={t('viewer.zoomOut')}>
            <kbd className="shortcut">−</kbd>
          </Button>
          <Typography.Text data-testid="viewer-zoom">
            {zoom === 'fit' ? t('viewer.fit') : `${Math.round(zoom * 100)}%`}
          </Typography.Text>
          <Button icon={<ZoomInOutlined />} onClick={() => zoomBy(1)} aria-label={t('viewer.zoomIn')}>
            <kbd className="shortcut">+</kbd>
          </Button>
          <Button onClick={() => setZoom('fit')}>
            {t('viewer.fitWidth')} <kbd className="shortcut">0</kbd>
          </Button>
          {info?.reused && <Tag color="blue">{t('reused')}</Tag>}
        </Space>
        {!doc && !error && <Progress percent={Math.round(progress * 100)} size="small" />}
        <div
          ref={frame}
          style={{ background: '#f0f0f0', padding: 12, textAlign: 'center', overflow: 'auto', minHeight: 200 }}
        >
          <canvas
            ref={canvas}
            data-testid="viewer-canvas"
            data-rendered={rendered}
            aria-label={t('viewer.pageOf', { page, pages })}
            style={{
              background: '#fff',
              boxShadow: '0 1px 4px rgba(0,0,0,.2)',
              display: doc ? 'inline-block' : 'none',
            }}
          />
        </div>
        {info && (
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginTop: 12 }}
            items={[
              { key: 'name', label: t('metadata.componentName'), span: 2, children: info.componentName },
              { key: 'number', label: t('metadata.documentNumber'), children: info.documentNumber ?? '' },
              { key: 'issueDate', label: t('metadata.issueDate'), children: formatDate(info.issueDate) },
              { key: 'issuer', label: t('metadata.issuer'), children: info.issuer ?? '' },
              {
                key: 'valid',
                label: t('metadata.validUntil'),
                children: info.validUntil ? formatDate(info.validUntil) : t('noExpiry'),
              },
              { key: 'summary', label: t('metadata.summary'), span: 2, children: info.summary ?? '' },
              { key: 'owner', label: t('metadata.ownerIdNumber'), children: info.ownerIdNumber ?? '' },
              { key: 'kind', label: t('metadata.kind'), children: t(`metadata.kinds.${info.kind}`) },
              { key: 'by', label: t('metadata.digitizedBy'), children: info.digitizedBy },
              { key: 'at', label: t('metadata.digitizedAt'), children: formatDateTime(info.digitizedAt) },
              {
                key: 'sha',
                label: t('metadata.sha256'),
                span: 2,
                children: (
                  <Typography.Text code copyable style={{ fontSize: 11 }}>
                    {info.sha256}
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
      </div>
    </Modal>
  );
}
