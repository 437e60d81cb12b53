import { InboxOutlined } from '@ant-design/icons';
import { Alert, Table, Typography, Upload } from 'antd';
import type { TFunction } from 'i18next';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Counter, Office } from '../../../shared/contract/office';
import type { AppErrorData, Issue } from '../../../shared/contract/result';
import { CallError } from '../../api/client';

/** The organisation tree and the counters, loaded once by the screen and shared by its tabs. */
export interface OrganisationData {
  offices: Office[];
  counters: Counter[];
  reload: () => void;
}

/** The level suggestions offered (free text is allowed: levels are data, DESIGN.md §1). */
export const levelSuggestions = ['province', 'commune', 'department', 'service-centre', 'unit'] as const;

export function levelLabel(level: string, t: TFunction): string {
  return (levelSuggestions as readonly string[]).includes(level) ? t(`offices.levels.${level}`) : level;
}

export interface OfficeNode {
  key: string;
  value: string;
  title: string;
  office: Office;
  children?: OfficeNode[];
}

/**
 * Offices as a tree (for Tree, TreeSelect and a tree Table), children by name. An office whose parent
 * is missing is shown at the top, so nothing is hidden; `exclude` drops a subtree (an office cannot
 * be moved under itself).
 */
export function officeTree(offices: readonly Office[], exclude?: string): OfficeNode[] {
  const ids = new Set(offices.map((o) => o.id));
  const byParent = new Map<string | null, Office[]>();
  for (const o of offices) {
    const parent = o.parentId && ids.has(o.parentId) ? o.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), o]);
  }
  const seen = new Set<string>();
  const build = (parent: string | null): OfficeNode[] =>
    (byParent.get(parent) ?? [])
      .filter((o) => o.id !== exclude && !seen.has(o.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
      .map((o) => {
        seen.add(o.id);
        const children = build(o.id);
        return {
          key: o.id,
          value: o.id,
          title: o.agencyId ? `${o.name} (${o.agencyId})` : o.name,
          office: o,
          ...(children.length ? { children } : {}),
        };
      });
  return build(null);
}

/** A required field: empty or blank is refused with a message naming the field. */
export function requiredRule(t: TFunction, field: string) {
  return { required: true, whitespace: true, message: t('common.required', { field }) };
}

/** The data of a failed call (a CallError carries it; anything else is unexpected). */
export function errorOf(error: unknown): AppErrorData {
  return error instanceof CallError ? error.data : { code: 'INTERNAL', message: String(error) };
}

/** `2025-09-02` → `02/09/2025` (Vietnamese documents write dates day first). */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/** `2025-09-02T10:15:00+07:00` → `02/09/2025 10:15` (Vietnam time as written). */
export function formatDateTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : iso;
}

/** 0 = Sunday … 6 = Saturday, from the date alone (no time zone involved). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
}

/**
 * Keyboard in forms (DESIGN.md §9): Enter moves to the next field, Ctrl+Enter saves. An open
 * dropdown keeps its Enter (choosing an option); buttons and text areas keep theirs.
 */
export function formKeys(submit: () => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter') return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      submit();
      return;
    }
    const target = event.target as HTMLElement;
    if (target.tagName !== 'INPUT' || target.getAttribute('aria-expanded') === 'true') return;
    const fields = [
      ...event.currentTarget.querySelectorAll<HTMLElement>(
        'input:not([disabled]):not([type=hidden]), button[type=submit]',
      ),
    ].filter((el) => !el.closest('[aria-hidden=true]'));
    const next = fields[fields.indexOf(target) + 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };
}

/** A refused call: its translated message and the list of issues, each naming where it is. */
export function IssuesAlert({ error, fileName }: { error: AppErrorData; fileName?: string }) {
  const { t } = useTranslation('settings');
  const issues: Issue[] = error.issues ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={error.message}
      description={
        issues.length > 0 ? (
          <>
            {fileName && <Typography.Paragraph>{t('file.issuesTitle', { fileName })}</Typography.Paragraph>}
            <Table<Issue>
              size="small"
              pagination={false}
              rowKey={(issue) => `${issue.path}:${issue.message}`}
              dataSource={issues}
              columns={[
                {
                  title: t('file.path'),
                  dataIndex: 'path',
                  width: '45%',
                  render: (path: string) => <Typography.Text code>{path}</Typography.Text>,
                },
                { title: t('file.message'), dataIndex: 'message' },
              ]}
            />
          </>
        ) : undefined
      }
    />
  );
}

/**
 * A file chooser that also takes a dropped file (keyboard: Tab to it, Enter opens the dialog); reads
 * the text and hands it over. Nothing is uploaded anywhere but through the contract.
 */
export function FileDrop({
  hint,
  maxMb,
  busy,
  testId,
  onText,
  onUnreadable,
}: {
  hint: string;
  maxMb: number;
  busy: boolean;
  testId: string;
  onText: (text: string, fileName: string) => void;
  onUnreadable: (error: AppErrorData) => void;
}) {
  const { t } = useTranslation('settings');
  const [reading, setReading] = useState<string | null>(null);
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        accept=".json,application/json"
        multiple={false}
        showUploadList={false}
        disabled={busy || reading !== null}
        beforeUpload={(file) => {
          if (file.size > maxMb * 1024 * 1024) {
            onUnreadable({ code: 'FILE_TOO_LARGE', message: t('file.tooLarge', { fileName: file.name, max: maxMb }) });
            return Upload.LIST_IGNORE;
          }
          setReading(file.name);
          file.text().then(
            (text) => {
              setReading(null);
              onText(text, file.name);
            },
            () => {
              setReading(null);
              onUnreadable({ code: 'FILE_UNREADABLE', message: t('file.unreadable', { fileName: file.name }) });
            },
          );
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{reading ? t('file.reading', { fileName: reading }) : t('file.drop')}</p>
        <p className="ant-upload-hint">{hint}</p>
      </Upload.Dragger>
    </div>
  );
}
