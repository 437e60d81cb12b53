import { create } from 'zustand';
import type { ColourMode, OutputProfile, ScanSource } from '../../../shared/scan/schema';

/** Where pages come from: a scanner of the back end, the document camera, or files. */
export type PageSource = { kind: 'device'; deviceId: string } | { kind: 'camera' } | { kind: 'file' };

export interface ScanPreferences {
  source: PageSource | null;
  paper: ScanSource;
  resolution: number;
  mode: ColourMode;
  profile: OutputProfile;
}

interface ScanState extends ScanPreferences {
  /** The checklist position the scan drawer is open for (null: closed). */
  componentIndex: number | null;
  /** The counter's scan session (one sitting: a feeder batch may serve several components). */
  sessionId: string | null;
  /** A digitized file open in the viewer: its attachment link id. */
  viewing: string | null;
  openFor: (componentIndex: number) => void;
  close: () => void;
  setSession: (sessionId: string | null) => void;
  setPreferences: (patch: Partial<ScanPreferences>) => void;
  view: (attachmentId: string | null) => void;
}

const storageKey = 'motcua.scan';

const defaults: ScanPreferences = { source: null, paper: 'flatbed', resolution: 300, mode: 'gray', profile: 'text' };

function stored(): ScanPreferences {
  try {
    const raw = localStorage.getItem(storageKey);
    if (!raw) return defaults;
    const value = JSON.parse(raw) as Partial<ScanPreferences>;
    return {
      source: value.source && typeof value.source === 'object' && 'kind' in value.source ? value.source : null,
      paper: value.paper === 'adf' || value.paper === 'adf-duplex' ? value.paper : 'flatbed',
      resolution: typeof value.resolution === 'number' ? value.resolution : 300,
      mode: value.mode === 'color' || value.mode === 'lineart' ? value.mode : 'gray',
      profile: value.profile === 'gray' || value.profile === 'color' ? value.profile : 'text',
    };
  } catch {
    return defaults;
  }
}

/** The scan drawer's state; the officer's device and options are remembered on this computer. */
export const useScan = create<ScanState>((set, get) => ({
  ...stored(),
  componentIndex: null,
  sessionId: null,
  viewing: null,
  openFor: (componentIndex) => set({ componentIndex }),
  close: () => set({ componentIndex: null }),
  setSession: (sessionId) => set({ sessionId }),
  setPreferences: (patch) => {
    set(patch);
    const { source, paper, resolution, mode, profile } = { ...get(), ...patch };
    try {
      localStorage.setItem(storageKey, JSON.stringify({ source, paper, resolution, mode, profile }));
    } catch {
      // private mode or full storage: the preferences last for this run only
    }
  },
  view: (viewing) => set({ viewing }),
}));
