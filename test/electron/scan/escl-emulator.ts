import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EsclEmulatorOptions {
  /** The pages the feeder holds, in order (PNG or JPEG bytes). */
  pages: { bytes: Buffer; mime: 'image/png' | 'image/jpeg' }[];
  /** After serving this many pages, the scanner disappears: open connections are cut, the port closes. */
  vanishAfter?: number;
  makeAndModel?: string;
}

export interface EsclEmulator {
  url: string;
  /** Every request seen: method and path (ScanSettings bodies kept for assertions). */
  requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

const capabilities = (model: string) => `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>${model}</pwg:MakeAndModel>
  <scan:Platen><scan:PlatenInputCaps>
    <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
    <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
    <scan:SettingProfiles><scan:SettingProfile>
      <scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
      <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><pwg:DocumentFormat>image/png</pwg:DocumentFormat></scan:DocumentFormats>
      <scan:SupportedResolutions><scan:DiscreteResolutions>
        <scan:DiscreteResolution><scan:XResolution>150</scan:XResolution><scan:YResolution>150</scan:YResolution></scan:DiscreteResolution>
        <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
      </scan:DiscreteResolutions></scan:SupportedResolutions>
    </scan:SettingProfile></scan:SettingProfiles>
  </scan:PlatenInputCaps></scan:Platen>
  <scan:Adf>
    <scan:AdfSimplexInputCaps>
      <scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>4200</scan:MaxHeight>
      <scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:SupportedResolutions><scan:DiscreteResolutions>
          <scan:DiscreteResolution><scan:XResolution>150</scan:XResolution><scan:YResolution>150</scan:YResolution></scan:DiscreteResolution>
          <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
        </scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile></scan:SettingProfiles>
    </scan:AdfSimplexInputCaps>
    <scan:AdfDuplexInputCaps><scan:MaxWidth>2550</scan:MaxWidth></scan:AdfDuplexInputCaps>
  </scan:Adf>
</scan:ScannerCapabilities>`;

/**
 * A small eSCL (AirScan) scanner on 127.0.0.1 for tests: capabilities, ScanJobs (201 + Location),
 * NextDocument page by page then 404; it can be told to vanish in the middle of a batch.
 */
export async function startEsclEmulator(options: EsclEmulatorOptions): Promise<EsclEmulator> {
  const requests: EsclEmulator['requests'] = [];
  const jobs = new Map<string, { next: number; source: string }>();
  let served = 0;
  let server: Server;
  const vanish = () => {
    server.close();
    server.closeAllConnections();
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? '', path, body });
    if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities') {
      res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(capabilities(options.makeAndModel ?? 'Emulated eSCL Scanner'));
      return;
    }
    if (req.method === 'POST' && path === '/eSCL/ScanJobs') {
      const id = randomUUID();
      const source = /<pwg:InputSource>(\w+)</.exec(body)?.[1] ?? 'Platen';
      jobs.set(id, { next: 0, source });
      res.writeHead(201, { location: `/eSCL/ScanJobs/${id}` }).end();
      return;
    }
    const next = /^\/eSCL\/ScanJobs\/([\w-]+)\/NextDocument$/.exec(path);
    if (req.method === 'GET' && next) {
      const job = jobs.get(next[1] ?? '');
      if (!job) return void res.writeHead(404).end();
      if (options.vanishAfter !== undefined && served >= options.vanishAfter) {
        req.socket.destroy();
        vanish();
        return;
      }
      const page = options.pages[job.next];
      if (!page || (job.source === 'Platen' && job.next > 0)) return void res.writeHead(404).end();
      job.next++;
      served++;
      res.writeHead(200, { 'content-type': page.mime, 'content-length': page.bytes.length }).end(page.bytes);
      return;
    }
    const del = /^\/eSCL\/ScanJobs\/([\w-]+)$/.exec(path);
    if (req.method === 'DELETE' && del) {
      jobs.delete(del[1] ?? '');
      return void res.writeHead(200).end();
    }
    res.writeHead(404).end();
  };
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/eSCL`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        if (!server.listening) resolve();
      }),
  };
}
