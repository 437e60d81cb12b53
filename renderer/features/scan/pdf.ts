import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');
let loading: Promise<PdfJs> | undefined;

/**
 * pdf.js, loaded on first use (it is large). Its worker is bundled by Vite as a worker chunk and given by
 * URL (`?worker&url`): the emitted file is a plain `.js` served from 'self', which the CSP allows and
 * which the app:// protocol serves as JavaScript (a raw `.mjs` asset would not be).
 */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?worker&url')]).then(
    ([pdfjs, worker]) => {
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      return pdfjs;
    },
  );
  return loading;
}

/** Opens a PDF from bytes: no eval (the CSP forbids it), no network. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
  }).promise;
}
