import { create } from 'zustand';

interface NavigationState {
  /** The id of the screen shown (see app/screens.tsx). */
  screen: string;
  /** The dossier open in the detail drawer, from any screen (a barcode scan opens it too). */
  dossierId: string | null;
  helpOpen: boolean;
  go: (screen: string) => void;
  openDossier: (id: string) => void;
  closeDossier: () => void;
  setHelpOpen: (open: boolean) => void;
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'intake',
  dossierId: null,
  helpOpen: false,
  go: (screen) => set({ screen }),
  openDossier: (dossierId) => set({ dossierId }),
  closeDossier: () => set({ dossierId: null }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
