import { z } from 'zod';

/**
 * mDNS / DNS-SD discovery of eSCL scanners (`_uscan._tcp`, `_uscans._tcp` for HTTPS) on the machine's
 * LAN, through bonjour-service. The browser is injected so the parsing is testable without sending
 * multicast to the network.
 */

/** The parts of a bonjour-service Service that discovery reads. */
export interface DiscoveredService {
  name: string;
  type: string;
  port: number;
  host?: string;
  addresses?: string[];
  txt?: unknown;
  referer?: { address: string };
}

const txtSchema = z
  .object({
    rs: z.string().max(200).optional(),
    ty: z.string().max(200).optional(),
    UUID: z.string().max(100).optional(),
    uuid: z.string().max(100).optional(),
  })
  .passthrough();

const serviceSchema = z.object({
  name: z.string().min(1).max(300),
  type: z.string(),
  port: z.number().int().min(1).max(65535),
  host: z.string().max(300).optional(),
  addresses: z.array(z.string().max(100)).optional(),
  txt: txtSchema.optional(),
  referer: z.object({ address: z.string() }).optional(),
});

export interface EsclEndpoint {
  /** eSCL root URL, e.g. `http://192.168.1.20:8080/eSCL`. */
  url: string;
  name: string;
  uuid: string | null;
}

function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** An mDNS service record → the eSCL endpoint it announces (null when it does not describe one). */
export function esclEndpointFromService(raw: DiscoveredService): EsclEndpoint | null {
  const parsed = serviceSchema.safeParse(raw);
  if (!parsed.success) return null;
  const s = parsed.data;
  const secure = s.type === 'uscans';
  if (s.type !== 'uscan' && !secure) return null;
  // Prefer an IPv4 address, then the address the answer came from, then the host name.
  const address =
    s.addresses?.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? s.addresses?.[0] ?? s.referer?.address ?? s.host;
  if (!address) return null;
  const rs = (s.txt?.rs ?? 'eSCL').replace(/^\/+|\/+$/g, '');
  return {
    url: `${secure ? 'https' : 'http'}://${hostForUrl(address)}:${s.port}/${rs}`,
    name: s.txt?.ty ?? s.name,
    uuid: s.txt?.UUID ?? s.txt?.uuid ?? null,
  };
}

/** What discovery needs of bonjour-service (a stub in tests). */
export interface ServiceBrowserFactory {
  find(options: { type: string; protocol: 'tcp' }, onUp: (service: DiscoveredService) => void): { stop(): void };
  destroy(): void;
}

/** Creates the real multicast browser (bonjour-service), loaded only when discovery runs. */
export async function bonjourFactory(): Promise<ServiceBrowserFactory> {
  const { Bonjour } = await import('bonjour-service');
  const bonjour = new Bonjour();
  return {
    find: (options, onUp) => bonjour.find(options, (service) => onUp(service)),
    destroy: () => bonjour.destroy(),
  };
}

/** Listens for eSCL announcements for `durationMs` and returns the endpoints seen (deduplicated by URL). */
export async function discoverEscl(
  factory: () => Promise<ServiceBrowserFactory> = bonjourFactory,
  durationMs = 2500,
  signal?: AbortSignal,
): Promise<EsclEndpoint[]> {
  const browser = await factory();
  const found = new Map<string, EsclEndpoint>();
  const onUp = (service: DiscoveredService) => {
    const endpoint = esclEndpointFromService(service);
    if (endpoint) found.set(endpoint.url, endpoint);
  };
  const searches = [
    browser.find({ type: 'uscan', protocol: 'tcp' }, onUp),
    browser.find({ type: 'uscans', protocol: 'tcp' }, onUp),
  ];
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, durationMs);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  } finally {
    for (const s of searches) s.stop();
    browser.destroy();
  }
  return [...found.values()];
}
