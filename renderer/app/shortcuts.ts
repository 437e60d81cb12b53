import { useEffect } from 'react';
import { useNavigation } from '../stores/navigation';
import type { ScreenSpec } from './screens';

/** Application-wide shortcuts: F1 help, Alt+<key> for each screen (listed in the menu and the help). */
export function useGlobalShortcuts(screens: readonly ScreenSpec[]): void {
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
        const screen = screens.find(
          (s) => s.key === event.key.toLowerCase() || `Key${s.key.toUpperCase()}` === event.code,
        );
        if (screen) {
          event.preventDefault();
          go(screen.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, setHelpOpen, screens]);
}
