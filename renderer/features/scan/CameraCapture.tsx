import { CameraOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toBase64 } from './bytes';

/** A frame of the video → PNG bytes (a canvas the size of the camera's picture). */
async function grabFrame(video: HTMLVideoElement): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('canvas 2d');
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('canvas.toBlob');
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * A document camera or webcam (getUserMedia): the live picture, and each capture (Space or Enter) becomes
 * a page of the scan session as a PNG through `scan.importFile`. Esc closes and releases the camera.
 */
export function CameraCapture({
  open,
  onCapture,
  onClose,
}: {
  open: boolean;
  /** Receives one page (PNG, base64) and its file name; resolves once the back end has it. */
  onCapture: (base64: string, fileName: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation('scan');
  const video = useRef<HTMLVideoElement>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [captured, setCaptured] = useState(0);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setReady(false);
    let stream: MediaStream | null = null;
    let live = true;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error(t('camera.unsupported'));
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
          ...(cameraId ? { deviceId: { exact: cameraId } } : {}),
          width: { ideal: 2592 },
          height: { ideal: 1944 },
        },
      });
      if (!live) return;
      const element = video.current;
      if (element) {
        element.srcObject = stream;
        // Ready once a frame is there to grab (not when play() settles: it may wait for the dialog).
        element.onloadeddata = () => live && setReady(true);
        void element.play().catch(() => undefined);
        if (element.readyState >= 2) setReady(true);
      }
      const devices = await navigator.mediaDevices.enumerateDevices();
      if (live) setCameras(devices.filter((d) => d.kind === 'videoinput'));
    })().catch((e: unknown) => {
      if (!live) return;
      const name = e instanceof Error ? e.name : '';
      setError(
        name === 'NotAllowedError'
          ? t('camera.denied')
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? t('camera.none')
            : t('camera.failed', { detail: e instanceof Error ? e.message : String(e) }),
      );
    });
    return () => {
      live = false;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [open, cameraId, t]);

  useEffect(() => {
    if (open) setCaptured(0);
  }, [open]);

  // Space or Enter captures wherever the focus is in the dialog (the capture button may not have it).
  const captureRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, .ant-select')) return;
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        event.stopPropagation();
        captureRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);

  const capture = async () => {
    const element = video.current;
    if (!element || !ready || busy || element.videoWidth === 0) return;
    setBusy(true);
    try {
      const png = await grabFrame(element);
      const n = captured + 1;
      await onCapture(toBase64(png), `camera-${String(n).padStart(2, '0')}.png`);
      setCaptured(n);
    } catch (e) {
      setError(t('camera.failed', { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  captureRef.current = () => void capture();

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('camera.title')}
      width="min(900px, 96vw)"
      destroyOnHidden
      footer={
        <Space>
          <Typography.Text type="secondary" data-testid="camera-count">
            {t('camera.captured', { count: captured })}
          </Typography.Text>
          <Button onClick={onClose}>
            {t('camera.done')} <kbd className="shortcut">Esc</kbd>
          </Button>
          <Button
            type="primary"
            icon={<CameraOutlined />}
            loading={busy}
            disabled={!ready}
            onClick={() => void capture()}
            autoFocus
          >
            {t('camera.capture')} <kbd className="shortcut">{t('keys.space')}</kbd>
          </Button>
        </Space>
      }
    >
      <div>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 8 }} />}
        {cameras.length > 1 && (
          <Select
            aria-label={t('camera.device')}
            style={{ width: '100%', marginBottom: 8 }}
            value={cameraId ?? cameras[0]?.deviceId}
            onChange={setCameraId}
            options={cameras.map((c, i) => ({
              value: c.deviceId,
              label: c.label || t('camera.unnamed', { n: i + 1 }),
            }))}
          />
        )}
        <video
          ref={video}
          muted
          playsInline
          data-testid="camera-video"
          style={{ width: '100%', maxHeight: '60vh', background: '#000' }}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('camera.hint')}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
