import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';

/**
 * Where readers find the claims' pages: PUBLIC_BASE_URL when set, else the address the server
 * listens on. Asked when a page or document is made, not when the app is built: with `PORT=0` the
 * port is known only once the server listens. Before that (an app answering injected requests)
 * the configured host and port stand in.
 */
export function publicBaseUrl(
  configured: { PUBLIC_BASE_URL?: string | undefined; HOST: string; PORT: number },
  listening: AddressInfo | string | null,
): string {
  if (configured.PUBLIC_BASE_URL !== undefined) return configured.PUBLIC_BASE_URL;
  if (listening !== null && typeof listening === 'object') {
    return httpUrl(listening.address, listening.port);
  }
  return httpUrl(configured.HOST, configured.PORT);
}

/**
 * `http://host:port`, an IPv6 address in brackets. A server bound to every interface is reached
 * from this machine through the loopback, the address fastify itself prints for it.
 */
function httpUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${isIPv6(reachable) ? `[${reachable}]` : reachable}:${port}`;
}
