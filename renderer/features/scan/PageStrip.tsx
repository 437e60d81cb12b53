import {
  ArrowLeftOutlined,
  ArrowRightOutlined,
  DeleteOutlined,
  RedoOutlined,
  RotateLeftOutlined,
  RotateRightOutlined,
} from '@ant-design/icons';
import { Button, Checkbox, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanPage } from '../../../shared/scan/schema';

export interface PageActions {
  move: (pageId: string, delta: -1 | 1) => void;
  rotate: (pageId: string, degrees: 90 | -90) => void;
  remove: (pageId: string) => void;
  rescan: (pageId: string) => void;
}

/**
 * The session's pages as thumbnails, one tab stop (roving focus): ←/→ move between pages, Ctrl+←/→ move
 * the page itself, R and Shift+R rotate, Delete removes, Space selects (for a component made of some of
 * the pages), F7 rescans the page. Blank pages are marked and left out when the component is saved.
 */
export function PageStrip({
  pages,
  focused,
  onFocus,
  selected,
  onToggle,
  actions,
  busy,
}: {
  pages: ScanPage[];
  focused: string | null;
  onFocus: (pageId: string) => void;
  selected: ReadonlySet<string>;
  onToggle: (pageId: string) => void;
  actions: PageActions;
  busy: boolean;
}) {
  const { t } = useTranslation('scan');
  const list = useRef<HTMLDivElement>(null);
  const current = pages.find((p) => p.id === focused) ?? pages[0];

  // Keep the DOM focus on the focused page after a move, rotation or deletion re-renders the list.
  useEffect(() => {
    if (!list.current?.contains(document.activeElement)) return;
    const element = list.current.querySelector<HTMLElement>(`[data-page-id="${current?.id ?? ''}"]`);
    if (element && element !== document.activeElement) element.focus();
  });

  const onKeyDown = (event: React.KeyboardEvent, page: ScanPage) => {
    const index = pages.indexOf(page);
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key;
    // Ctrl+↑/↓ belong to the drawer (previous/next component).
    if ((key === 'ArrowUp' || key === 'ArrowDown') && ctrl) return;
    if (key === 'ArrowLeft' && ctrl) actions.move(page.id, -1);
    else if (key === 'ArrowRight' && ctrl) actions.move(page.id, 1);
    else if (key === 'ArrowLeft' || key === 'ArrowUp') {
      const prev = pages[index - 1];
      if (prev) onFocus(prev.id);
    } else if (key === 'ArrowRight' || key === 'ArrowDown') {
      const next = pages[index + 1];
      if (next) onFocus(next.id);
    } else if (key === 'Home' && pages[0]) onFocus(pages[0].id);
    else if (key === 'End' && pages.at(-1)) onFocus((pages.at(-1) as ScanPage).id);
    else if ((key === 'r' || key === 'R') && !ctrl && !event.altKey) actions.rotate(page.id, event.shiftKey ? -90 : 90);
    else if (key === 'Delete' || key === 'Backspace') actions.remove(page.id);
    else if (key === ' ') onToggle(page.id);
    else if (key === 'F7') actions.rescan(page.id);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  if (pages.length === 0) return null;
  return (
    <div>
      <div
        ref={list}
        role="listbox"
        aria-multiselectable
        aria-label={t('pages', { count: pages.length })}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 10, padding: 4 }}
      >
        {pages.map((page) => {
          const isCurrent = page.id === current?.id;
          const isSelected = selected.has(page.id);
          return (
            <div
              key={page.id}
              role="option"
              aria-selected={isSelected}
              aria-label={`${t('page', { position: page.position })}${page.blank ? ` — ${t('blank')}` : ''}`}
              data-page-id={page.id}
              data-blank={page.blank || undefined}
              tabIndex={isCurrent ? 0 : -1}
              onFocus={() => onFocus(page.id)}
              onClick={() => onFocus(page.id)}
              onKeyDown={(e) => onKeyDown(e, page)}
              className="scan-page"
              style={{
                width: 132,
                padding: 6,
                borderRadius: 4,
                border: `2px solid ${isCurrent ? '#b71c1c' : isSelected ? '#1677ff' : '#e5e5e5'}`,
                background: isSelected ? '#e6f4ff' : '#fff',
                opacity: page.blank ? 0.55 : 1,
                cursor: 'pointer',
                outline: 'none',
              }}
            >
              <div
                style={{
                  height: 160,
                  display: 'flex',
                  alignItems: 'center',
                  justifyContent: 'center',
                  background: '#fafafa',
                }}
              >
                {page.thumbnail ? (
                  <img
                    src={page.thumbnail}
                    alt={t('page', { position: page.position })}
                    style={{ maxWidth: '100%', maxHeight: 160, boxShadow: '0 1px 3px rgba(0,0,0,.25)' }}
                  />
                ) : (
                  <Typography.Text type="secondary">{t('pdfPage')}</Typography.Text>
                )}
              </div>
              <Space size={4} style={{ marginTop: 4, width: '100%', justifyContent: 'space-between' }}>
                <Checkbox
                  tabIndex={-1}
                  checked={isSelected}
                  onChange={() => onToggle(page.id)}
                  aria-label={t('selectPage', { position: page.position })}
                >
                  {t('page', { position: page.position })}
                </Checkbox>
              </Space>
              {page.blank && (
                <Tag color="default" style={{ marginTop: 2 }}>
                  {t('blank')}
                </Tag>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
                {Math.round(page.dpi)} dpi · {t('ink', { percent: (page.ink * 100).toFixed(1) })}
              </Typography.Text>
            </div>
          );
        })}
      </div>
      {current && (
        <Space wrap size={4} style={{ marginTop: 8 }} aria-label={t('pageActions', { position: current.position })}>
          <Typography.Text strong>{t('page', { position: current.position })}:</Typography.Text>
          <Tooltip title="Ctrl+←">
            <Button
              size="small"
              icon={<ArrowLeftOutlined />}
              disabled={busy}
              onClick={() => actions.move(current.id, -1)}
            >
              {t('moveUp')} <kbd className="shortcut">Ctrl+←</kbd>
            </Button>
          </Tooltip>
          <Button
            size="small"
            icon={<ArrowRightOutlined />}
            disabled={busy}
            onClick={() => actions.move(current.id, 1)}
          >
            {t('moveDown')} <kbd className="shortcut">Ctrl+→</kbd>
          </Button>
          <Button
            size="small"
            icon={<RotateLeftOutlined />}
            disabled={busy || current.type === 'pdf'}
            onClick={() => actions.rotate(current.id, -90)}
          >
            {t('rotateLeft')} <kbd className="shortcut">Shift+R</kbd>
          </Button>
          <Button
            size="small"
            icon={<RotateRightOutlined />}
            disabled={busy || current.type === 'pdf'}
            onClick={() => actions.rotate(current.id, 90)}
          >
            {t('rotateRight')} <kbd className="shortcut">R</kbd>
          </Button>
          <Button size="small" icon={<RedoOutlined />} disabled={busy} onClick={() => actions.rescan(current.id)}>
            {t('rescanPage')} <kbd className="shortcut">F7</kbd>
          </Button>
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={busy}
            onClick={() => actions.remove(current.id)}
          >
            {t('deletePage')} <kbd className="shortcut">Del</kbd>
          </Button>
          <Typography.Text type="secondary">
            {t('selectHint')} <kbd className="shortcut">{t('keys.space')}</kbd>
          </Typography.Text>
        </Space>
      )}
    </div>
  );
}
