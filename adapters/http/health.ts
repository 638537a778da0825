import type { Services } from '../../src/services.js';
import type { HttpServer } from './server.js';

export interface AdapterStatus {
  name: string;
  connected: boolean;
  detail?: string;
  /** A deliberate unsafe setting (Teams without auth), shown until it is removed. */
  warning?: string;
}

/**
 * `GET /healthz`: adapters, store and each deployment's last ISE contact; 503 when the store is down
 * (CONTRACTS.md). `GET /metrics`: Prometheus text.
 */
export function mountHealth(http: HttpServer, services: Services, adapters: () => AdapterStatus[]): void {
  http.route('GET', '/healthz', async (_req, res) => {
    const store = await services.store.db
      .ping()
      .then(() => ({ ok: true as const }))
      .catch((error: Error) => ({ ok: false as const, error: services.redactor.redact(error.message) }));
    const contacts = services.telemetry.contacts();
    const body = {
      status: store.ok ? 'ok' : 'degraded',
      store,
      adapters: adapters(),
      deployments: services.deployments.names().map((name) => ({ name, ...contacts[name] })),
      posts: services.telemetry.postTargets(),
    };
    res.writeHead(store.ok ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  http.route('GET', '/metrics', async (_req, res) => {
    const text = await services.telemetry.registry.metrics();
    res.writeHead(200, { 'Content-Type': services.telemetry.registry.contentType }).end(text);
  });
}
