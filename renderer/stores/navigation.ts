import { create } from 'zustand';

/** The screens of the application; each is reachable from the menu and by a shortcut. */
export const screens = ['procedures'] as const;
export type Screen = (typeof screens)[number];

interface NavigationState {
  screen: Screen;
  helpOpen: boolean;
  go: (screen: Screen) => void;
  setHelpOpen: (open: boolean) => void;
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'procedures',
  helpOpen: false,
  go: (screen) => set({ screen }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
