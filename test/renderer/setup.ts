import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// antd asks for media queries; happy-dom has none.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

// Testing Library tells React it runs under act (IS_REACT_ACT_ENVIRONMENT) and cleans up only where the runner's
// hooks are globals, which Vitest's are not here: both done here. Without the flag, each awaited act() flushed its
// work with React believing it was not in a test environment, and warned at every update.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(() => cleanup());
