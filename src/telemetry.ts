import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RestCall } from './ise/rest/client.js';

export interface DeploymentContact {
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
}

/**
 * Metrics for `/metrics` (Prometheus text via prom-client) and the facts `/healthz` reports. Fed from
 * the edges — ISE calls, finished commands, posts — so no service has to know it exists.
 */
export class Telemetry {
  readonly registry = new Registry();
  readonly #contacts = new Map<string, DeploymentContact>();
  readonly #posts = new Map<string, { ok: boolean; at: string; error?: string }>();

  readonly certDaysLeft = new Gauge({
    name: 'ise_certificate_days_left',
    help: 'Days until an ISE certificate expires (negative when expired)',
    labelNames: ['deployment', 'node', 'usage', 'friendly_name', 'store'],
    registers: [this.registry],
  });
  readonly checkStatus = new Gauge({
    name: 'ise_readiness_check_status',
    help: 'Latest readiness check status: 0 pass, 1 info, 2 manual, 3 warn, 4 error, 5 fail',
    labelNames: ['deployment', 'check'],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'ise_chatops_job_duration_seconds',
    help: 'Duration of chat command jobs',
    labelNames: ['command', 'outcome'],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'ise_chatops_commands_total',
    help: 'Chat commands run, by command and outcome',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });
  readonly iseCalls = new Histogram({
    name: 'ise_api_call_duration_seconds',
    help: 'ISE REST call latency by API family and status',
    labelNames: ['deployment', 'family', 'status'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly iseErrors = new Counter({
    name: 'ise_api_errors_total',
    help: 'ISE REST calls that failed (HTTP >= 400 or no answer)',
    labelNames: ['deployment', 'family'],
    registers: [this.registry],
  });
  readonly posts = new Counter({
    name: 'ise_chatops_posts_total',
    help: 'Messages posted to chat platforms, by outcome',
    labelNames: ['platform', 'outcome'],
    registers: [this.registry],
  });

  constructor(private readonly clock: () => Date = () => new Date()) {}

  iseCall(deployment: string, call: RestCall): void {
    const failed = call.status === 'error' || call.status >= 400;
    this.iseCalls.observe({ deployment, family: call.family, status: String(call.status) }, call.ms / 1000);
    const contact = this.#contacts.get(deployment) ?? {};
    if (failed) {
      this.iseErrors.inc({ deployment, family: call.family });
      contact.lastErrorAt = this.clock().toISOString();
      contact.lastError = `${call.method} ${call.path} on ${call.hostname}: ${call.status}`;
    } else {
      contact.lastSuccessAt = this.clock().toISOString();
    }
    this.#contacts.set(deployment, contact);
  }

  command(name: string, outcome: string, ms: number): void {
    this.commands.inc({ command: name, outcome });
    this.jobDuration.observe({ command: name, outcome }, ms / 1000);
  }

  post(target: string, ok: boolean, error?: string): void {
    const platform = target.split(':')[0] ?? 'unknown';
    this.posts.inc({ platform, outcome: ok ? 'ok' : 'failed' });
    this.#posts.set(target, {
      ok,
      at: this.clock().toISOString(),
      ...(error === undefined ? {} : { error }),
    });
  }

  contacts(): Record<string, DeploymentContact> {
    return Object.fromEntries(this.#contacts);
  }

  postTargets(): Record<string, { ok: boolean; at: string; error?: string }> {
    return Object.fromEntries(this.#posts);
  }
}

const STATUS_VALUE: Record<string, number> = { pass: 0, info: 1, manual: 2, warn: 3, error: 4, fail: 5 };

/** Gauges from what a reply carries: readiness findings and certificate lists (CONTRACTS.md JSON). */
export function recordReplyData(telemetry: Telemetry, data: Record<string, unknown> | undefined): void {
  if (!data) return;
  const deployment = typeof data.deployment === 'string' ? data.deployment : 'unknown';
  if (Array.isArray(data.findings)) {
    for (const f of data.findings as Array<{ id?: unknown; status?: unknown }>) {
      const value = STATUS_VALUE[String(f.status)];
      if (typeof f.id === 'string' && value !== undefined)
        telemetry.checkStatus.set({ deployment, check: f.id }, value);
    }
  }
  if (Array.isArray(data.certificates)) {
    for (const c of data.certificates as Array<Record<string, unknown>>) {
      if (typeof c.daysLeft !== 'number') continue;
      telemetry.certDaysLeft.set(
        {
          deployment,
          node: String(c.node ?? ''),
          usage: Array.isArray(c.usage) ? c.usage.join(',') : String(c.usage ?? ''),
          friendly_name: String(c.friendlyName ?? ''),
          store: String(c.store ?? ''),
        },
        c.daysLeft,
      );
    }
  }
}
