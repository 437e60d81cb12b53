/** The one IPC channel of the contract (name and input travel as its arguments). */
export const callChannel = 'motcua:call';

/** Printing a rendered PDF through the system dialog. */
export const printChannel = 'motcua:print';

/** The custom protocol the built renderer is served from. */
export const appScheme = 'app';
export const appOrigin = `${appScheme}://motcua`;
