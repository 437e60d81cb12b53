import { appOrigin } from './channels';

/**
 * The renderer's Content Security Policy, sent with every file of the app:// protocol. No remote
 * code, no eval, no plugins; the camera stream (blob:/mediastream:) is allowed for the document camera.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only the application's own top-level page may call the back end. */
export function isTrustedUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

/** The only permission a page may get: the camera (document camera / webcam for scanning). */
export function isAllowedPermission(permission: string, details: { mediaTypes?: string[] | undefined }): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}
