/**
 * The legal forms of the one-stop mechanism as PDF (Decree 118/2025/NĐ-CP, forms of Circular
 * 03/2025/TT-VPCP; DESIGN.md §2). Templates are data in `assets/forms/`; see template.ts, data.ts and
 * render.ts.
 *
 * The dossier capability's `forms.render` handler is expected to: fold the dossier's events, call
 * `renderForm(kind, data, ctx, { assetsDir })` (or keep one `createFormRenderer`) and return the bytes.
 */
import { compareEvents, type DossierEvent } from '../../../shared/dossier/events';
import type { FormContext, FormData } from './data';
import type { FormRenderer, FormRendererOptions } from './render';
import type { FormKind } from './template';

export type { FormContext, FormData, FormDataMap, FormSubject } from './data';
export { formContextSchema } from './data';
export type { FormRenderer, FormRendererOptions } from './render';
export type { FormKind, FormTemplate } from './template';
export { FORM_KINDS, formKindSchema, formTemplateSchema, loadTemplates, parseTemplate } from './template';

const renderers = new Map<string, Promise<FormRenderer>>();

/**
 * A renderer per assets folder, kept for the life of the process (fonts and templates read once). The
 * renderer and its libraries (pdf-lib, fontkit, bwip-js) load with the first form, not at start.
 */
export function formRenderer(options: FormRendererOptions): Promise<FormRenderer> {
  const key = [options.assetsDir, ...(options.templateDirs ?? [])].join('\u0000');
  let renderer = renderers.get(key);
  if (!renderer) {
    renderer = import('./render').then(({ createFormRenderer }) => createFormRenderer(options));
    renderers.set(key, renderer);
  }
  return renderer;
}

/** Renders one form to PDF bytes (A4; form 01 holds its two copies on two pages). */
export function renderForm<K extends FormKind>(
  kind: K,
  data: FormData<K>,
  ctx: FormContext,
  options: FormRendererOptions,
): Promise<Uint8Array> {
  return formRenderer(options).then((renderer) => renderer.render(kind, data, ctx));
}

/**
 * The last supplement request of a history (in HLC order) (form 02's items and reason: the fold keeps only the pause).
 */
export function supplementRequestOf(
  events: readonly DossierEvent[],
): { items: string[]; reason: string; at: string } | null {
  let found: { items: string[]; reason: string; at: string } | null = null;
  for (const e of [...events].sort(compareEvents)) {
    if (e.type === 'supplement-requested') found = { items: e.payload.items, reason: e.payload.reason, at: e.wallTime };
  }
  return found;
}
