import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../util/time.js';
import { type LabFaults, RestFaultPlan } from './faults.js';
import {
  applySshFaults,
  DEFAULT_TIME_SCALE,
  type LabSshNode,
  sshAccount,
  startLabSshNodes,
} from './lab-ssh.js';
import { backupRoutes } from './rest/routes-backup.js';
import { certificateRoutes } from './rest/routes-certificates.js';
import { deploymentRoutes } from './rest/routes-deployment.js';
import { deploymentInfoRoutes } from './rest/routes-deployment-info.js';
import { deploymentOpsRoutes } from './rest/routes-deployment-ops.js';
import { ersIdentityRoutes } from './rest/routes-ers-identity.js';
import { licenseRoutes } from './rest/routes-license.js';
import { policyRoutes } from './rest/routes-policy.js';
import { repositoryRoutes } from './rest/routes-repository.js';
import { type LabRestServer, startLabRestServer } from './rest/server.js';
import type { LabFamily, LabRoute } from './rest/types.js';
import { fqdn, type LabNode, panOf, type Scenario } from './scenario.js';
import { createCa, issueServerCertificate } from './tls.js';

export interface LabOptions {
  scenario: Scenario;
  now?: () => Date;
  /** Fixed ports (the `lab` command may want them); 0 or absent = any free port. */
  httpsPort?: number;
  ersPort?: number;
  /** false: ignore the scenario's latency (tests run `large` at full speed). */
  latency?: boolean;
  /**
   * Multiplies every delay of the scenario's latency, which is ISE's own (1 = real time); over the
   * scenario's `timeScale`, else `DEFAULT_TIME_SCALE` so tests and the demo stay fast.
   */
  timeScale?: number;
  /** false: no SSH servers (REST-only tests start faster). */
  ssh?: boolean;
  /** Replaces the scenario's `faults:` from the start. */
  faults?: LabFaults;
}

export interface LabRestCall {
  node: string;
  family: LabFamily;
  method: string;
  path: string;
}

export interface LabStats {
  /** REST requests per node hostname and family. */
  rest: Map<string, Record<LabFamily, number>>;
  /** Every REST request, in order. */
  calls: LabRestCall[];
}

/** Every route the lab serves; each file owns one area of ISE's API. */
export const LAB_ROUTES: LabRoute[] = [
  ...deploymentRoutes,
  ...deploymentInfoRoutes,
  ...deploymentOpsRoutes,
  ...certificateRoutes,
  ...policyRoutes,
  ...ersIdentityRoutes,
  ...backupRoutes,
  ...repositoryRoutes,
  ...licenseRoutes,
];

/** A running lab: ISE's HTTPS listeners and one SSH server per node for one scenario, with a CA to trust. */
export class Lab {
  private constructor(
    readonly scenario: Scenario,
    readonly stats: LabStats,
    readonly caPem: string,
    readonly https: LabRestServer,
    readonly ers: LabRestServer,
    readonly sshNodes: LabSshNode[],
    /** The REST faults in force; the listeners read it on every request. */
    private readonly restFaults: { plan: RestFaultPlan },
  ) {}

  static async start(options: LabOptions): Promise<Lab> {
    const now = options.now ?? systemClock;
    const { scenario } = options;
    const ca = createCa(`${scenario.name} lab CA`, now());
    const names = [
      ...scenario.nodes.flatMap((n) => [fqdn(scenario, n), n.hostname]),
      'localhost',
      '127.0.0.1',
    ];
    const tls = issueServerCertificate(ca, names, {
      notBefore: new Date(now().getTime() - 86_400_000),
      notAfter: new Date(now().getTime() + 730 * 86_400_000),
    });
    const stats: LabStats = { rest: new Map(), calls: [] };
    const onRequest = (node: string, family: LabFamily, path: string, method: string) => {
      const counts = stats.rest.get(node) ?? { ers: 0, openapi: 0, mnt: 0 };
      counts[family]++;
      stats.rest.set(node, counts);
      stats.calls.push({ node, family, method, path });
    };
    const faults = options.faults ?? scenario.faults;
    const restFaults = { plan: new RestFaultPlan(faults.rest) };
    const latency = options.latency === false ? undefined : scenario.latency;
    const scale = options.timeScale ?? scenario.timeScale ?? DEFAULT_TIME_SCALE;
    const common = {
      scenario,
      routes: LAB_ROUTES,
      tls,
      now,
      onRequest,
      faults: () => restFaults.plan,
      latencyMs: () => (latency?.restMs ?? 0) * scale,
    };
    const [https, ers, sshNodes] = await Promise.all([
      startLabRestServer({
        ...common,
        role: 'https',
        ...(options.httpsPort ? { port: options.httpsPort } : {}),
      }),
      startLabRestServer({ ...common, role: 'ers', ...(options.ersPort ? { port: options.ersPort } : {}) }),
      options.ssh === false
        ? Promise.resolve([])
        : startLabSshNodes(scenario, now, latency === undefined ? undefined : scale),
    ]);
    const lab = new Lab(scenario, stats, ca.certPem, https, ers, sshNodes, restFaults);
    if (faults.ssh && Object.keys(faults.ssh).length > 0) await applySshFaults(sshNodes, faults.ssh);
    return lab;
  }

  get pan(): LabNode {
    return panOf(this.scenario);
  }

  /** Replaces the faults in force (REST and SSH); `{}` clears them all. */
  async setFaults(faults: LabFaults): Promise<void> {
    this.restFaults.plan = new RestFaultPlan(faults.rest ?? []);
    await applySshFaults(this.sshNodes, faults.ssh ?? {});
  }

  /** SSH logins, commands and sessions refused for the session limit, per node hostname. */
  sshStats(): Record<string, { logins: number; commands: string[]; refusedSessions: number }> {
    return Object.fromEntries(
      this.sshNodes.map((n) => [
        n.hostname,
        {
          logins: n.server.stats.logins,
          commands: [...n.server.stats.commands],
          refusedSessions: n.server.stats.refusedSessions,
        },
      ]),
    );
  }

  /** Forgets the counters (between phases of a test). */
  resetStats(): void {
    this.stats.rest.clear();
    this.stats.calls.length = 0;
    for (const n of this.sshNodes) {
      n.server.stats.logins = 0;
      n.server.stats.commands.length = 0;
      n.server.stats.refusedSessions = 0;
    }
  }

  /**
   * A bot config (as plain data, before validation) that points at this lab. The CA goes to a file
   * because `rest.caFile` is how a real deployment is configured too; SSH host keys are pinned.
   */
  configFor(dir: string = mkdtempSync(join(tmpdir(), 'ise-chatops-lab-'))): Record<string, unknown> {
    const caFile = join(dir, `${this.scenario.name}-lab-ca.pem`);
    writeFileSync(caFile, this.caPem);
    const { rest, ssh } = this.scenario.credentials;
    const sshPort = (hostname: string) => this.sshNodes.find((n) => n.hostname === hostname)?.server.port;
    const { target, backup } = this.scenario.bot;
    return {
      deployments: [
        {
          name: this.scenario.name.replace(/[^a-z0-9-]/g, '-'),
          ...(target === undefined ? {} : { target }),
          pan: fqdn(this.scenario, this.pan),
          rest: {
            openApiPort: this.https.port,
            ersPort: this.ers.port,
            username: rest.username,
            password: rest.password,
            caFile,
            timeoutMs: 15_000,
          },
          ...(this.sshNodes.length === 0
            ? {}
            : {
                ssh: {
                  username: ssh.username,
                  password: ssh.password,
                  hostKeys: Object.fromEntries(this.sshNodes.map((n) => [n.hostname, n.fingerprint])),
                  timeoutMs: 20_000,
                },
              }),
          ...(backup === undefined ? {} : { backup }),
          nodes: Object.fromEntries(
            this.scenario.nodes.map((n) => {
              const port = sshPort(n.hostname);
              // A node with its own CLI account gets it in the config, as an admin would write it.
              const account = sshAccount(this.scenario, n);
              const own = account.username !== ssh.username || account.password !== ssh.password;
              return [
                n.hostname,
                {
                  address: '127.0.0.1',
                  httpsPort: this.https.port,
                  ersPort: this.ers.port,
                  ...(port === undefined ? {} : { sshPort: port }),
                  ...(own && port !== undefined ? { ssh: account } : {}),
                },
              ];
            }),
          ),
        },
      ],
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.https.close(), this.ers.close(), ...this.sshNodes.map((n) => n.server.close())]);
  }
}
