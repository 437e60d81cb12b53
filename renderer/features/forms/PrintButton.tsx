import { PrinterOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useEffect, useState } from 'react';
import type { FormNumber, FormSubjectInput } from '../../../shared/contract/forms';
import { CallError, call } from '../../api/client';

/**
 * Renders a legal form in the back end and opens it: in a browser tab (the web host; the PDF viewer
 * prints it), or the system print dialog in Electron (the shell opens the PDF in a print window).
 */
export async function openForm(form: FormNumber, subject: FormSubjectInput): Promise<void> {
  const { base64, fileName } = await call('forms.render', { form, subject });
  if (window.motcuaShell) {
    await window.motcuaShell.printPdf(fileName, base64);
    return;
  }
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const opened = window.open(url, '_blank');
  if (!opened) {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A print button; with `shortcut`, Ctrl+P prints this form while the button is on screen. */
export function PrintButton({
  form,
  subject,
  label,
  shortcut = false,
}: {
  form: FormNumber;
  subject: FormSubjectInput;
  label: string;
  shortcut?: boolean;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setBusy(true);
    try {
      await openForm(form, subject);
    } catch (e) {
      void message.error(e instanceof CallError ? e.data.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (!shortcut) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        void print();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <Button icon={<PrinterOutlined />} loading={busy} onClick={() => void print()} data-form={form}>
      {label}
    </Button>
  );
}
