import { type KeyboardEvent, useEffect, useState } from 'react';

/**
 * The keyboard over a table of results (DESIGN.md §9): ↑/↓ move the highlighted row, Enter acts on it.
 * A new answer (`rows` is another array) puts the highlight back on the first row. `onEnter` gets the
 * highlighted row (undefined when there is none) and says whether it used the key. `disabled` while a
 * drawer opened from the list has the keyboard (its keys bubble up through the React tree).
 */
export function useListKeyboard<T>(
  rows: readonly T[] | undefined,
  { disabled, onEnter }: { disabled: boolean; onEnter: (row: T | undefined) => boolean },
) {
  const [selected, setSelected] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer resets the selection
  useEffect(() => setSelected(0), [rows]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (disabled) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setSelected((i) => Math.min(i + 1, (rows?.length ?? 0) - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setSelected((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && onEnter(rows?.[selected])) {
      event.preventDefault();
    }
  };
  const rowClassName = (_: T, index: number) => (index === selected ? 'ant-table-row-selected' : '');
  return { onKeyDown, rowClassName, select: setSelected };
}
