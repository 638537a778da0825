/** Where one ISE node's HTTPS service answers, and what name its certificate should carry. */
export interface RestEndpoint {
  /** ISE short hostname (`ise-pan1`), for messages. */
  hostname: string;
  /** The name for TLS SNI, certificate checks and the Host header (the node's FQDN on real ISE). */
  host: string;
  /** Where to connect: the host itself, or an address override from config. */
  address: string;
  port: number;
}

/** The three API families ISE serves; each has its own port, envelope and error body (ise-rest-api.md §10). */
export type ApiFamily = 'ers' | 'openapi' | 'mnt';

export function describe(endpoint: RestEndpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
