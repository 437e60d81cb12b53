import { useEffect } from 'react';
import { type Screen, useNavigation } from '../stores/navigation';

/** Application-wide shortcuts, listed in the help overlay (F1) and next to the menu entries. */
export const screenShortcuts: Record<Screen, { key: string; label: string }> = {
  procedures: { key: 'p', label: 'Alt+P' },
};

export function useGlobalShortcuts(): void {
  const go = useNavigation((s) => s.go);
  const setHelpOpen = useNavigation((s) => s.setHelpOpen);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F1') {
        event.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const entry = Object.entries(screenShortcuts).find(([, s]) => s.key === event.key.toLowerCase());
        if (entry) {
          event.preventDefault();
          go(entry[0] as Screen);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, setHelpOpen]);
}
