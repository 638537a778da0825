import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../util/time.js';
import { deploymentRoutes } from './rest/routes-deployment.js';
import { type LabRestServer, startLabRestServer } from './rest/server.js';
import type { LabFamily, LabRoute } from './rest/types.js';
import { fqdn, type Scenario } from './scenario.js';
import { createCa, issueServerCertificate } from './tls.js';

export interface LabOptions {
  scenario: Scenario;
  now?: () => Date;
  /** Fixed ports (the `lab` command may want them); 0 or absent = any free port. */
  httpsPort?: number;
  ersPort?: number;
}

export interface LabStats {
  /** REST requests per node hostname and family. */
  rest: Map<string, Record<LabFamily, number>>;
}

/** Every route the lab serves; each file owns one area of ISE's API. */
export const LAB_ROUTES: LabRoute[] = [...deploymentRoutes];

/** A running lab: ISE's HTTPS listeners for one scenario, with a CA the bot can trust. */
export class Lab {
  private constructor(
    readonly scenario: Scenario,
    readonly stats: LabStats,
    readonly caPem: string,
    readonly https: LabRestServer,
    readonly ers: LabRestServer,
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
    const stats: LabStats = { rest: new Map() };
    const onRequest = (node: string, family: LabFamily) => {
      const counts = stats.rest.get(node) ?? { ers: 0, openapi: 0, mnt: 0 };
      counts[family]++;
      stats.rest.set(node, counts);
    };
    const common = { scenario, routes: LAB_ROUTES, tls, now, onRequest };
    const [https, ers] = await Promise.all([
      startLabRestServer({
        ...common,
        role: 'https',
        ...(options.httpsPort ? { port: options.httpsPort } : {}),
      }),
      startLabRestServer({ ...common, role: 'ers', ...(options.ersPort ? { port: options.ersPort } : {}) }),
    ]);
    return new Lab(scenario, stats, ca.certPem, https, ers);
  }

  get pan() {
    const pan = this.scenario.nodes.find((n) => n.roles.includes('PrimaryAdmin')) ?? this.scenario.nodes[0];
    if (!pan) throw new Error('scenario has no nodes');
    return pan;
  }

  /**
   * A bot config (as plain data, before validation) that points at this lab. The CA goes to a file
   * because `rest.caFile` is how a real deployment is configured too.
   */
  configFor(dir: string = mkdtempSync(join(tmpdir(), 'ise-chatops-lab-'))): Record<string, unknown> {
    const caFile = join(dir, `${this.scenario.name}-lab-ca.pem`);
    writeFileSync(caFile, this.caPem);
    const { rest } = this.scenario.credentials;
    return {
      deployments: [
        {
          name: this.scenario.name.replace(/[^a-z0-9-]/g, '-'),
          pan: fqdn(this.scenario, this.pan),
          rest: {
            openApiPort: this.https.port,
            ersPort: this.ers.port,
            username: rest.username,
            password: rest.password,
            caFile,
            timeoutMs: 15_000,
          },
          nodes: Object.fromEntries(
            this.scenario.nodes.map((n) => [
              n.hostname,
              { address: '127.0.0.1', httpsPort: this.https.port, ersPort: this.ers.port },
            ]),
          ),
        },
      ],
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.https.close(), this.ers.close()]);
  }
}
