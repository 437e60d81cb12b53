import {
  CameraOutlined,
  CheckCircleFilled,
  EyeOutlined,
  FileAddOutlined,
  IdcardOutlined,
  ReloadOutlined,
  ScanOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CccdData } from '../../../shared/cccd/parse';
import type { AppErrorData } from '../../../shared/contract/result';
import { importBase64Limit } from '../../../shared/contract/scan';
import type {
  AttachmentView,
  ColourMode,
  OutputProfile,
  ScanDevice,
  ScannerCapabilities,
  ScanSessionView,
  ScanSource,
} from '../../../shared/scan/schema';
import { CallError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { useSession } from '../accounts/session';
import { ownerIdNumberOf, useIntake } from '../intake/store';
import { AttachmentViewer } from './AttachmentViewer';
import { parseDisplayDate, toBase64 } from './bytes';
import { CameraCapture } from './CameraCapture';
import { type PageActions, PageStrip } from './PageStrip';
import { type PageSource, useScan } from './store';

const errorOf = (e: unknown): AppErrorData =>
  e instanceof CallError ? e.data : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };

const sourceKey = (s: PageSource | null) =>
  s === null ? undefined : s.kind === 'device' ? `device:${s.deviceId}` : s.kind;
const sourceOf = (key: string): PageSource =>
  key.startsWith('device:')
    ? { kind: 'device', deviceId: key.slice(7) }
    : key === 'camera'
      ? { kind: 'camera' }
      : { kind: 'file' };

interface MetadataDraft {
  documentNumber: string;
  issueDate: string;
  issuer: string;
  summary: string;
  validUntil: string;
}
const emptyMetadata: MetadataDraft = { documentNumber: '', issueDate: '', issuer: '', summary: '', validUntil: '' };

/** Who is digitizing: the signed-in user, as the legal metadata names them. */
function useDigitizer(): string | null {
  const session = useSession();
  const [fetched, setFetched] = useState<string | null>(null);
  const fromGate = session?.status.user;
  useEffect(() => {
    if (fromGate) return;
    let live = true;
    call('accounts.status', {}).then(
      (s) => live && setFetched(s.user ? `${s.user.displayName} (${s.user.username})` : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [fromGate]);
  return fromGate ? `${fromGate.displayName} (${fromGate.username})` : fetched;
}

/**
 * Scanning into a component of the intake checklist (DESIGN.md §2 digitization): pick a scanner (SANE,
 * eSCL, WIA), the document camera or files; scan with progress per page; order, rotate, delete or rescan
 * pages; save them (all, or the selected ones, so one feeder batch serves several components) as the
 * component's PDF with its metadata. A CCCD QR on a page offers to fill the applicant; a component the
 * citizen already has digitized and still valid is offered for reuse instead.
 */
export function ScanDrawer() {
  const { t } = useTranslation('scan');
  const { message } = App.useApp();
  const index = useScan((s) => s.componentIndex);
  const prefs = useScan();
  const components = useIntake((s) => s.components);
  const setComponent = useIntake((s) => s.setComponent);
  const component = index === null ? undefined : components[index];
  const digitizer = useDigitizer();
  const open = index !== null && component !== undefined;

  const [devices, setDevices] = useState<ScanDevice[] | null>(null);
  const [discovering, setDiscovering] = useState(false);
  const [caps, setCaps] = useState<ScannerCapabilities | null>(null);
  const [addingNetwork, setAddingNetwork] = useState(false);
  const [address, setAddress] = useState('');
  const [view, setView] = useState<ScanSessionView | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [focused, setFocused] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [replacing, setReplacing] = useState<{ pageId: string; known: Set<string> } | null>(null);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [cccd, setCccd] = useState<{ applicant: CccdData; pageId: string | null } | null>(null);
  const [cccdDismissed, setCccdDismissed] = useState<string | null>(null);
  const [reusable, setReusable] = useState<AttachmentView[]>([]);
  const [reuseDeclined, setReuseDeclined] = useState(false);
  const [metadata, setMetadata] = useState<MetadataDraft>(emptyMetadata);
  const [dropBlank, setDropBlank] = useState(true);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const sessionId = prefs.sessionId;
  const scanning = view?.status === 'scanning';
  const pages = view?.pages ?? [];

  // A new component: its own metadata, reuse offer and selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: index is the trigger
  useEffect(() => {
    setMetadata(emptyMetadata);
    setSelected(new Set());
    setReusable([]);
    setReuseDeclined(false);
    setError(null);
  }, [index]);

  // Scanners known to the back end (drivers only at first: a network discovery takes seconds).
  const loadDevices = useCallback(async (discover: boolean) => {
    setDiscovering(discover);
    try {
      const list = await call('scan.devices', { discover });
      setDevices(list);
      const current = useScan.getState().source;
      if (!current || (current.kind === 'device' && !list.some((d) => d.id === current.deviceId))) {
        const first = list[0];
        useScan
          .getState()
          .setPreferences({ source: first ? { kind: 'device', deviceId: first.id } : { kind: 'file' } });
      }
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setDiscovering(false);
    }
  }, []);
  useEffect(() => {
    if (open && devices === null) void loadDevices(false);
  }, [open, devices, loadDevices]);

  // What the chosen scanner offers; the options move to values it supports.
  const deviceId = prefs.source?.kind === 'device' ? prefs.source.deviceId : null;
  useEffect(() => {
    setCaps(null);
    if (!open || !deviceId) return;
    let live = true;
    call('scan.capabilities', { deviceId }).then(
      (c) => {
        if (!live) return;
        setCaps(c);
        const p = useScan.getState();
        const patch: Partial<{ paper: ScanSource; resolution: number; mode: ColourMode }> = {};
        if (c.sources.length && !c.sources.includes(p.paper)) patch.paper = c.sources[0] as ScanSource;
        if (c.resolutions.length && !c.resolutions.includes(p.resolution)) {
          patch.resolution =
            c.resolutions.find((r) => r >= 300) ??
            c.resolutions.find((r) => r >= 200) ??
            (c.resolutions.at(-1) as number);
        }
        if (c.modes.length && !c.modes.includes(p.mode))
          patch.mode = c.modes.includes('gray') ? 'gray' : (c.modes[0] as ColourMode);
        if (Object.keys(patch).length) p.setPreferences(patch);
      },
      (e: unknown) => live && setError(errorOf(e)),
    );
    return () => {
      live = false;
    };
  }, [open, deviceId]);

  // Citizen data store: the same component for the same owner, still valid → offer reuse.
  const ownerIdNumber = useIntake((s) => ownerIdNumberOf(s));
  const alreadyDigitized = Boolean(component?.fileSha256);
  useEffect(() => {
    if (!open || !component || !ownerIdNumber || alreadyDigitized) return;
    let live = true;
    call('attachments.findReusable', {
      ownerIdNumber,
      ...(component.code ? { componentCode: component.code } : { componentName: component.name }),
    }).then(
      (found) => live && setReusable(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [open, component, ownerIdNumber, alreadyDigitized]);

  const refresh = useCallback(
    async (id: string): Promise<ScanSessionView | null> => {
      try {
        const next = await call('scan.session', { sessionId: id });
        setView(next);
        return next;
      } catch (e) {
        const data = errorOf(e);
        if (data.code === 'SCAN_SESSION_NOT_FOUND') {
          prefs.setSession(null);
          setView(null);
        } else setError(data);
        return null;
      }
    },
    [prefs.setSession],
  );

  useEffect(() => {
    if (open && sessionId) void refresh(sessionId);
    if (!sessionId) setView(null);
  }, [open, sessionId, refresh]);

  /** After pages arrived: put a rescanned page in place of the old one, then look for a CCCD QR. */
  const afterPagesAdded = useCallback(
    async (current: ScanSessionView) => {
      let latest = current;
      if (replacing) {
        const fresh = current.pages.find((p) => !replacing.known.has(p.id));
        const old = current.pages.findIndex((p) => p.id === replacing.pageId);
        if (fresh && old >= 0) {
          const order = current.pages.map((p) => p.id).filter((id) => id !== fresh.id);
          order.splice(old, 0, fresh.id);
          try {
            await call('scan.reorder', { sessionId: current.id, pageIds: order });
            latest = await call('scan.deletePage', { sessionId: current.id, pageId: replacing.pageId });
            setView(latest);
            setFocused(fresh.id);
          } catch (e) {
            setError(errorOf(e));
          }
        }
        setReplacing(null);
      }
      if (!latest.pages.some((p) => p.type === 'image')) return;
      try {
        const found = await call('scan.findCccd', { sessionId: latest.id });
        if (found.applicant) setCccd({ applicant: found.applicant, pageId: found.pageId });
        else if (found.error) void message.warning(found.error.message);
      } catch {
        // looking for a QR is a courtesy: a failure here never blocks the scan
      }
    },
    [replacing, message],
  );

  // Progress: poll while the scanner works; when it stops, finish what waited for the pages.
  const previousStatus = useRef<string | undefined>(undefined);
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = view?.status;
    if (!view) return;
    if (view.status === 'scanning') {
      const timer = setTimeout(() => void refresh(view.id), 400);
      return () => clearTimeout(timer);
    }
    if (was === 'scanning') {
      if (view.status === 'done') void message.success(t('status.done', { count: view.scanned }));
      void afterPagesAdded(view);
    }
    return undefined;
  }, [view, refresh, afterPagesAdded, message, t]);

  /** The drawer's shortcuts keep working when the focused page went away (saved or deleted). */
  const keepFocus = () =>
    setTimeout(() => {
      if (!body.current?.contains(document.activeElement)) body.current?.focus();
    }, 0);

  // A page that had the focus went away (saved, deleted): the focus returns to the drawer, so its keys work.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each change of the pages shown
  useEffect(() => {
    if (open && !cameraOpen && (document.activeElement === document.body || document.activeElement === null)) {
      body.current?.focus();
    }
  }, [view, open, cameraOpen, component?.fileSha256]);

  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(errorOf(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const startScan = async (rescanOf?: string) => {
    if (!component || index === null) return;
    const source = prefs.source;
    if (rescanOf) setReplacing({ pageId: rescanOf, known: new Set(pages.map((p) => p.id)) });
    if (!source) {
      setError({ code: 'NO_SOURCE', message: t('chooseDevice') });
      return;
    }
    if (source.kind === 'camera') {
      setCameraOpen(true);
      return;
    }
    if (source.kind === 'file') {
      fileInput.current?.click();
      return;
    }
    const options = {
      source: rescanOf ? ('flatbed' as const) : prefs.paper,
      resolution: prefs.resolution,
      mode: prefs.mode,
      ...(rescanOf ? { maxPages: 1 } : {}),
    };
    const target = { componentIndex: index, componentName: component.name };
    const started = await run(async () => {
      try {
        return await call('scan.start', {
          deviceId: source.deviceId,
          options,
          sessionId: sessionId ?? undefined,
          target,
        });
      } catch (e) {
        // The session was closed elsewhere (another window, a restart): start a new one.
        if (errorOf(e).code !== 'SCAN_SESSION_NOT_FOUND') throw e;
        return await call('scan.start', { deviceId: source.deviceId, options, target });
      }
    });
    if (!started) {
      setReplacing(null);
      return;
    }
    prefs.setSession(started.sessionId);
    previousStatus.current = 'scanning';
    await refresh(started.sessionId);
  };

  const cancel = () => view && void run(async () => setView(await call('scan.cancel', { sessionId: view.id })));

  /** Files (dropped, picked, or a camera capture) → pages of the session. */
  const importBase64 = useCallback(
    async (fileName: string, base64: string) => {
      const result = await call('scan.importFile', {
        sessionId: useScan.getState().sessionId ?? undefined,
        fileName,
        base64,
      });
      useScan.getState().setSession(result.sessionId);
      setView(result.session);
      for (const failure of result.failures) void message.warning(failure.message);
      return result.session;
    },
    [message],
  );

  const importFiles = async (files: File[]) => {
    let last: ScanSessionView | undefined;
    await run(async () => {
      for (const file of files) {
        if (file.size > importBase64Limit) {
          throw new CallError({
            code: 'IMPORT_TOO_LARGE',
            message: t('tooLarge', {
              name: file.name,
              sizeMb: Math.ceil(file.size / 1048576),
              limitMb: importBase64Limit / 1048576,
            }),
          });
        }
        last = await importBase64(file.name, toBase64(new Uint8Array(await file.arrayBuffer())));
      }
    });
    if (last) {
      void message.success(t('imported', { count: files.length }));
      await afterPagesAdded(last);
    }
  };

  const onCameraCapture = async (base64: string, fileName: string) => {
    try {
      const next = await importBase64(fileName, base64);
      await afterPagesAdded(next);
    } catch (e) {
      setError(errorOf(e));
      throw e;
    }
  };

  const actions: PageActions = {
    move: (pageId, delta) => {
      if (!view) return;
      const order = view.pages.map((p) => p.id);
      const at = order.indexOf(pageId);
      const to = at + delta;
      if (at < 0 || to < 0 || to >= order.length) return;
      order.splice(at, 1);
      order.splice(to, 0, pageId);
      void run(async () => setView(await call('scan.reorder', { sessionId: view.id, pageIds: order })));
    },
    rotate: (pageId, degrees) => {
      if (!view) return;
      void run(async () => setView(await call('scan.rotate', { sessionId: view.id, pageId, degrees })));
    },
    remove: (pageId) => {
      if (!view) return;
      const at = view.pages.findIndex((p) => p.id === pageId);
      const neighbour = view.pages[at + 1] ?? view.pages[at - 1];
      void run(async () => {
        setView(await call('scan.deletePage', { sessionId: view.id, pageId }));
        setFocused(neighbour?.id ?? null);
        if (!neighbour) keepFocus();
        setSelected((s) => {
          const next = new Set(s);
          next.delete(pageId);
          return next;
        });
      });
    },
    rescan: (pageId) => void startScan(pageId),
  };

  const assemble = async () => {
    if (!view || index === null || !component) return;
    if (!digitizer) {
      setError({ code: 'SIGN_IN_REQUIRED', message: t('signInFirst') });
      return;
    }
    const issueDate = parseDisplayDate(metadata.issueDate);
    const validUntil = parseDisplayDate(metadata.validUntil);
    if (issueDate === false || validUntil === false) {
      setError({
        code: 'BAD_DATE',
        message: t('badDate', { field: t(issueDate === false ? 'metadata.issueDate' : 'metadata.validUntil') }),
      });
      return;
    }
    const chosen = view.pages.filter((p) => selected.has(p.id)).map((p) => p.id);
    const opt = (v: string) => v.trim() || null;
    const result = await run(() =>
      call('scan.assemble', {
        sessionId: view.id,
        pageIds: chosen.length > 0 ? chosen : undefined,
        profile: prefs.profile,
        dropBlank,
        metadata: {
          componentCode: component.code ?? null,
          componentName: component.name,
          ownerIdNumber,
          documentNumber: opt(metadata.documentNumber),
          issueDate,
          issuer: opt(metadata.issuer),
          summary: opt(metadata.summary),
          validUntil,
          kind: 'intake',
          digitizedBy: digitizer,
        },
        link: { dossierId: null, componentIndex: index },
      }),
    );
    if (!result) return;
    setComponent(index, {
      attachmentId: result.attachment.id,
      fileSha256: result.attachment.sha256,
      reused: false,
      received: true,
      pageCount: result.pages,
    });
    setSelected(new Set());
    void message.success(
      t('assembled', {
        count: result.pages,
        blank: t('blankLeftOut', { count: result.droppedBlank }),
        name: component.name,
      }),
    );
    await refresh(view.id);
    keepFocus();
  };

  const reuse = async (candidate: AttachmentView) => {
    if (index === null || !digitizer) return;
    const link = await run(() =>
      call('attachments.reuse', {
        id: candidate.id,
        link: { dossierId: null, componentIndex: index },
        digitizedBy: digitizer,
      }),
    );
    if (!link) return;
    setComponent(index, {
      attachmentId: link.id,
      fileSha256: link.sha256,
      reused: true,
      received: true,
      pageCount: link.pageCount,
    });
    setReusable([]);
    void message.success(t('reuse.done', { name: link.componentName }));
  };

  const redo = () => {
    if (index === null) return;
    setComponent(index, { attachmentId: undefined, fileSha256: undefined, reused: undefined, pageCount: undefined });
    setReuseDeclined(true);
  };

  const fillApplicant = () => {
    if (!cccd) return;
    const who = useIntake.getState().fillFromCccd(cccd.applicant);
    void message.success(t('cccdFilled', { name: cccd.applicant.fullName, who: t(`who.${who}`) }));
    setCccdDismissed(cccd.applicant.idNumber);
    setCccd(null);
  };

  const readCccd = async () => {
    if (!view) return;
    const found = await run(() => call('scan.findCccd', { sessionId: view.id }));
    if (!found) return;
    if (found.applicant) {
      setCccdDismissed(null);
      setCccd({ applicant: found.applicant, pageId: found.pageId });
    } else if (found.error) setError({ code: found.error.code, message: found.error.message });
    else void message.info(t('cccdNotFound'));
  };

  const openCamera = () => {
    prefs.setPreferences({ source: { kind: 'camera' } });
    setCameraOpen(true);
  };

  const addNetworkScanner = () =>
    run(async () => {
      const device = await call('scan.addNetworkScanner', { address });
      setDevices((list) => [...(list ?? []).filter((d) => d.id !== device.id), device]);
      prefs.setPreferences({ source: { kind: 'device', deviceId: device.id } });
      setAddingNetwork(false);
      setAddress('');
    });

  const moveComponent = (delta: 1 | -1) => {
    if (index === null) return;
    const next = index + delta;
    if (next >= 0 && next < components.length) prefs.openFor(next);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key;
    if (key === 'F8') void startScan();
    else if (key === 'F9') openCamera();
    else if (ctrl && key.toLowerCase() === 'o') fileInput.current?.click();
    else if (ctrl && key === 'Enter') void assemble();
    else if (key === 'F6') void readCccd();
    else if (ctrl && key === 'ArrowDown') moveComponent(1);
    else if (ctrl && key === 'ArrowUp') moveComponent(-1);
    else if (key === 'Escape') {
      // Esc cancels a running scan, else closes the drawer (an open dropdown keeps its own Esc).
      const target = event.target as HTMLElement;
      if (target.closest('.ant-select')?.querySelector('[aria-expanded="true"]')) return;
      if (scanning) cancel();
      else prefs.close();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const selectedCount = pages.filter((p) => selected.has(p.id)).length;
  const blankCount = pages.filter((p) => p.blank).length;
  const cccdShown = cccd && cccd.applicant.idNumber !== cccdDismissed ? cccd : null;
  const deviceOptions = [
    ...(devices ?? []).map((d) => ({
      value: `device:${d.id}`,
      label: `${d.name} · ${t(`kind.${d.kind}`)} (${t(`origin.${d.origin}`)})`,
    })),
    { value: 'camera', label: t('cameraSource') },
    { value: 'file', label: t('fileSource') },
  ];
  const paperOptions = (caps?.sources ?? (['flatbed', 'adf', 'adf-duplex'] as ScanSource[])).map((s) => ({
    value: s,
    label: t(`source.${s}`),
  }));
  const resolutionOptions = (caps?.resolutions ?? [150, 200, 300, 400, 600]).map((r) => ({
    value: r,
    label: t('resolution', { dpi: r }),
  }));
  const modeOptions = (caps?.modes ?? (['color', 'gray', 'lineart'] as ColourMode[])).map((m) => ({
    value: m,
    label: t(`mode.${m}`),
  }));
  const field = (key: keyof MetadataDraft, placeholder?: string) => (
    <Input
      aria-label={t(`metadata.${key}`)}
      placeholder={placeholder ?? t(`metadata.${key}`)}
      value={metadata[key]}
      maxLength={key === 'summary' ? 2000 : 300}
      onChange={(e) => setMetadata((m) => ({ ...m, [key]: e.target.value }))}
    />
  );

  return (
    <>
      <Drawer
        open={open}
        onClose={() => prefs.close()}
        size={980}
        keyboard={false}
        destroyOnHidden
        title={
          component && (
            <Space wrap>
              <span>{t('title')}:</span>
              <Select
                aria-label={t('metadata.componentName')}
                value={index ?? undefined}
                style={{ minWidth: 360, maxWidth: 560 }}
                onChange={(i: number) => prefs.openFor(i)}
                options={components.map((c, i) => ({
                  value: i,
                  label: `${i + 1}. ${c.name}${c.fileSha256 ? ' ✓' : ''}`,
                }))}
              />
              <kbd className="shortcut">Ctrl+↑/↓</kbd>
            </Space>
          )
        }
        extra={
          view && (
            <Tag
              color={scanning ? 'processing' : view.status === 'failed' ? 'error' : 'default'}
              data-testid="scan-status"
            >
              {t(`status.${view.status}`, { count: scanning ? view.scanned : pages.length })}
            </Tag>
          )
        }
      >
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drawer's shortcuts and the drop target */}
        <div
          ref={body}
          onKeyDown={onKeyDown}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes('Files')) {
              e.preventDefault();
              setDragging(true);
            }
          }}
          onDragLeave={(e) => {
            if (!body.current?.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const files = Array.from(e.dataTransfer.files);
            if (files.length) void importFiles(files);
          }}
          data-testid="scan-drawer"
          tabIndex={-1}
          style={{ minHeight: '100%', outline: dragging ? '3px dashed #1677ff' : 'none', outlineOffset: -3 }}
        >
          {component && (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {alreadyDigitized && (
                <Alert
                  type="success"
                  showIcon
                  icon={<CheckCircleFilled />}
                  data-testid="component-digitized"
                  title={
                    component.reused
                      ? t('digitizedReused', { count: component.pageCount ?? 0 })
                      : t('digitized', { count: component.pageCount ?? 0 })
                  }
                  description={
                    <Typography.Text code style={{ fontSize: 11 }}>
                      {component.fileSha256}
                    </Typography.Text>
                  }
                  action={
                    <Space orientation="vertical">
                      <Button
                        size="small"
                        icon={<EyeOutlined />}
                        onClick={() => prefs.view(component.attachmentId ?? null)}
                      >
                        {t('view')}
                      </Button>
                      <Button size="small" onClick={redo}>
                        {t('redo')}
                      </Button>
                    </Space>
                  }
                />
              )}
              {!alreadyDigitized && !reuseDeclined && reusable.length > 0 && (
                <Alert
                  type="info"
                  showIcon
                  title={t('reuse.title')}
                  data-testid="reuse-offer"
                  description={
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      {reusable.map((r) => (
                        <Space key={r.id} wrap>
                          <span>
                            {t('reuse.offer', {
                              name: r.componentName,
                              date: formatDate(r.digitizedAt),
                              count: r.pageCount,
                              valid: r.validUntil ? formatDate(r.validUntil) : t('noExpiry'),
                            })}
                          </span>
                          <Button size="small" icon={<EyeOutlined />} onClick={() => prefs.view(r.id)}>
                            {t('view')}
                          </Button>
                          <Button size="small" type="primary" onClick={() => void reuse(r)} disabled={busy}>
                            {t('reuse.use')}
                          </Button>
                        </Space>
                      ))}
                      <Button size="small" onClick={() => setReuseDeclined(true)}>
                        {t('reuse.scanAnyway')}
                      </Button>
                    </Space>
                  }
                />
              )}
              {cccdShown && (
                <Alert
                  type="info"
                  showIcon
                  icon={<IdcardOutlined />}
                  data-testid="cccd-offer"
                  title={t('cccdOffer', {
                    name: cccdShown.applicant.fullName,
                    id: cccdShown.applicant.idNumber,
                    page: pages.find((p) => p.id === cccdShown.pageId)?.position ?? '',
                  })}
                  action={
                    <Space>
                      <Button size="small" type="primary" onClick={fillApplicant}>
                        {t(useIntake.getState().nextScanFillsOwner ? 'fillOwner' : 'fillApplicant')}
                      </Button>
                      <Button size="small" onClick={() => setCccdDismissed(cccdShown.applicant.idNumber)}>
                        {t('dismiss')}
                      </Button>
                    </Space>
                  }
                />
              )}

              <Row gutter={[8, 8]} align="middle">
                <Col flex="auto">
                  <Select
                    aria-label={t('device')}
                    style={{ width: '100%' }}
                    loading={devices === null || discovering}
                    value={sourceKey(prefs.source)}
                    placeholder={t('chooseDevice')}
                    onChange={(key: string) => prefs.setPreferences({ source: sourceOf(key) })}
                    options={deviceOptions}
                    notFoundContent={t('noDevice')}
                  />
                </Col>
                <Col>
                  <Button icon={<ReloadOutlined />} loading={discovering} onClick={() => void loadDevices(true)}>
                    {t('refresh')}
                  </Button>
                </Col>
                <Col>
                  <Button onClick={() => setAddingNetwork((v) => !v)}>{t('addNetworkScanner')}</Button>
                </Col>
              </Row>
              {devices !== null && devices.length === 0 && <Alert type="warning" showIcon title={t('noDevice')} />}
              {addingNetwork && (
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    autoFocus
                    aria-label={t('address')}
                    placeholder={t('address')}
                    value={address}
                    onChange={(e) => setAddress(e.target.value)}
                    onPressEnter={() => void addNetworkScanner()}
                  />
                  <Button type="primary" disabled={!address.trim()} onClick={() => void addNetworkScanner()}>
                    {t('add')}
                  </Button>
                </Space.Compact>
              )}
              {prefs.source?.kind === 'device' && !caps && <Spin size="small" />}
              {prefs.source?.kind === 'device' && caps && (
                <Space wrap>
                  <Select
                    aria-label={t('paper')}
                    style={{ width: 230 }}
                    value={prefs.paper}
                    onChange={(paper: ScanSource) => prefs.setPreferences({ paper })}
                    options={paperOptions}
                  />
                  <Select
                    aria-label={t('resolutionLabel')}
                    style={{ width: 110 }}
                    value={prefs.resolution}
                    onChange={(resolution: number) => prefs.setPreferences({ resolution })}
                    options={resolutionOptions}
                  />
                  <Select
                    aria-label={t('modeLabel')}
                    style={{ width: 130 }}
                    value={prefs.mode}
                    onChange={(mode: ColourMode) => prefs.setPreferences({ mode })}
                    options={modeOptions}
                  />
                </Space>
              )}
              <Space wrap>
                {scanning ? (
                  <Button danger size="large" icon={<StopOutlined />} onClick={cancel}>
                    {t('cancel')} <kbd className="shortcut">Esc</kbd>
                  </Button>
                ) : (
                  <Button
                    type="primary"
                    size="large"
                    icon={<ScanOutlined />}
                    loading={busy && !scanning}
                    disabled={prefs.source === null}
                    onClick={() => void startScan()}
                    autoFocus
                  >
                    {prefs.source?.kind === 'camera'
                      ? t('camera.capture')
                      : prefs.source?.kind === 'file'
                        ? t('importFile')
                        : t('start')}{' '}
                    <kbd className="shortcut">F8</kbd>
                  </Button>
                )}
                <Button icon={<CameraOutlined />} disabled={scanning} onClick={openCamera}>
                  {t('camera.open')} <kbd className="shortcut">F9</kbd>
                </Button>
                <Button icon={<FileAddOutlined />} disabled={scanning} onClick={() => fileInput.current?.click()}>
                  {t('importFile')} <kbd className="shortcut">Ctrl+O</kbd>
                </Button>
                <Button
                  icon={<IdcardOutlined />}
                  disabled={scanning || pages.length === 0}
                  onClick={() => void readCccd()}
                >
                  {t('findCccd')} <kbd className="shortcut">F6</kbd>
                </Button>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  hidden
                  data-testid="scan-file-input"
                  accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
                  onChange={(e) => {
                    const files = Array.from(e.target.files ?? []);
                    e.target.value = '';
                    if (files.length) void importFiles(files);
                  }}
                />
              </Space>
              {scanning && (
                <Space data-testid="scan-progress">
                  <Spin size="small" />
                  <Typography.Text>{t('status.scanning', { count: view?.scanned ?? 0 })}</Typography.Text>
                </Space>
              )}
              {view?.error && <Alert type="error" showIcon role="alert" title={view.error.message} />}
              {error && <ErrorAlert error={error} />}

              {pages.length === 0 ? (
                <div
                  style={{
                    border: '2px dashed #d9d9d9',
                    borderRadius: 6,
                    padding: 32,
                    textAlign: 'center',
                    color: '#8c8c8c',
                  }}
                >
                  {t('dropHere')}
                </div>
              ) : (
                <>
                  <Typography.Text type="secondary">
                    {t('pagesSummary', { count: pages.length, blank: blankCount, selected: selectedCount })}
                  </Typography.Text>
                  <PageStrip
                    pages={pages}
                    focused={focused}
                    onFocus={setFocused}
                    selected={selected}
                    onToggle={(id) =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (next.has(id)) next.delete(id);
                        else next.add(id);
                        return next;
                      })
                    }
                    actions={actions}
                    busy={busy || scanning}
                  />
                </>
              )}

              <Divider style={{ margin: '4px 0' }}>{t('metadataTitle')}</Divider>
              <Row gutter={[12, 8]}>
                <Col span={12}>{field('documentNumber', t('documentNumberExample'))}</Col>
                <Col span={6}>{field('issueDate', `${t('metadata.issueDate')} (dd/mm/yyyy)`)}</Col>
                <Col span={6}>{field('validUntil', `${t('metadata.validUntil')} (dd/mm/yyyy)`)}</Col>
                <Col span={12}>{field('issuer')}</Col>
                <Col span={12}>{field('summary')}</Col>
                <Col span={24}>
                  <Typography.Text type="secondary">
                    {t('metadata.ownerIdNumber')}: <strong>{ownerIdNumber ?? t('noOwnerId')}</strong> ·{' '}
                    {t('metadata.digitizedBy')}: <strong>{digitizer ?? '—'}</strong>
                  </Typography.Text>
                </Col>
              </Row>
              <Space wrap>
                <Select
                  aria-label={t('profile.label')}
                  style={{ width: 300 }}
                  value={prefs.profile}
                  onChange={(profile: OutputProfile) => prefs.setPreferences({ profile })}
                  options={(['text', 'gray', 'color'] as const).map((p) => ({ value: p, label: t(`profile.${p}`) }))}
                />
                <Checkbox checked={dropBlank} onChange={(e) => setDropBlank(e.target.checked)}>
                  {t('dropBlank')}
                </Checkbox>
                <Button
                  type="primary"
                  size="large"
                  disabled={pages.length === 0 || scanning}
                  loading={busy && !scanning}
                  onClick={() => void assemble()}
                  data-testid="assemble"
                >
                  {selectedCount > 0 ? t('assembleSelected', { count: selectedCount }) : t('assemble')}{' '}
                  <kbd className="shortcut">Ctrl+Enter</kbd>
                </Button>
              </Space>
            </Space>
          )}
        </div>
        <CameraCapture open={cameraOpen} onCapture={onCameraCapture} onClose={() => setCameraOpen(false)} />
      </Drawer>
      <AttachmentViewer attachmentId={prefs.viewing} onClose={() => prefs.view(null)} />
    </>
  );
}
