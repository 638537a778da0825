import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createAckCommand } from '../../commands/ack.js';
import { createCheckCommand } from '../../commands/check.js';
import { createChecklistCommand } from '../../commands/checklist.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { help } from '../../commands/help.js';
import { createReadinessCommand } from '../../commands/readiness.js';
import type { Invocation } from '../../commands/types.js';
import type { CollectSnapshot } from '../../src/checks/engine.js';
import { parseConfig } from '../../src/config/load.js';
import type { Need, Snapshot } from '../../src/ise/snapshot/types.js';
import { replyToJson } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/text.js';
import { closeServices, createServices } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { healthy, NOW, ok } from '../checks/fixtures.js';
import { silentLogger } from '../helpers/services.js';

/** The commands over a hand-built snapshot, a SQLite file and a clock that moves one minute per call. */
class Harness {
  snapshot: () => Snapshot = healthy;
  readonly needs: Array<ReadonlySet<Need>> = [];
  readonly collect: CollectSnapshot = async (_access, needs) => {
    this.needs.push(needs);
    return this.snapshot();
  };
  private minutes = 0;

  constructor(
    readonly services: Services,
    readonly file: string,
  ) {}

  static async open(file = join(mkdtempSync(join(tmpdir(), 'readiness-')), 'state.db')): Promise<Harness> {
    const loaded = parseConfig(
      {
        deployments: [
          {
            name: 'prod',
            pan: 'ise-pan1.example.com',
            rest: { username: 'reader', password: 'Rest-Secret-1', timeoutMs: 2000 },
            backup: { repository: 'BACKUP-SFTP' },
          },
        ],
        access: { viewers: ['*'], operators: ['slack:UOP'] },
        store: { url: `sqlite:${file}` },
      },
      {},
      undefined,
      process.cwd(),
    );
    const harness: Harness = new Harness(
      await createServices(loaded, { log: silentLogger(), clock: () => harness.tick() }),
      file,
    );
    return harness;
  }

  tick(): Date {
    return new Date(NOW.getTime() + this.minutes++ * 60_000);
  }

  get dispatcher() {
    const commands = [
      help,
      createReadinessCommand(this.collect),
      createCheckCommand(this.collect),
      createChecklistCommand(this.collect),
      createAckCommand(this.collect),
    ];
    return createDispatcher(commands, this.services);
  }

  run(text: string, user = 'slack:UVIEW', progress?: (p: string) => void) {
    const invocation: Invocation = { platform: 'slack', user, channel: 'slack:C1', text };
    return this.dispatcher.dispatch(invocation, progress ? { progress } : {});
  }

  close() {
    return closeServices(this.services);
  }
}

test('readiness via the dispatcher: the report, progress lines, the JSON form and a recorded run', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  h.snapshot = () => {
    const s = healthy();
    s.panFailover = ok({ enabled: true });
    return s;
  };
  const progress: string[] = [];
  const reply = await h.run('/ise readiness --target 3.3', 'slack:UVIEW', (p) => progress.push(p));
  t.is(reply.kind, 'readiness');
  t.is(reply.status, 'fail');
  t.is(reply.lead, 'Not ready for the upgrade to 3.3: fix the blocking items first.');
  t.is(reply.counts?.fail, 1);
  t.deepEqual(progress, ['reading prod for 32 checks…', 'running 32 checks…']);
  const json = replyToJson(reply);
  t.is(json.deployment, 'prod');
  t.is(json.target, '3.3');
  t.is((json.summary as { fail: number }).fail, 1);
  const run = await h.services.store.runs.latest('prod', new Date(NOW.getTime() + 3600_000));
  t.is(run?.actor, 'slack:UVIEW');
  t.is(run?.target, '3.3');
  t.is(run?.release, '3.2.0.542 patch 7');
  t.is(run?.findings.find((f) => f.id === 'pan-failover')?.status, 'fail');
});

test('the second run says what changed since the first', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  h.snapshot = () => {
    const s = healthy();
    s.panFailover = ok({ enabled: true });
    return s;
  };
  await h.run('readiness');
  h.snapshot = healthy;
  const reply = await h.run('readiness');
  t.is(reply.sections[0]?.title, 'Since the last run: 1 fixed');
  t.regex(renderText(reply), /The last run: 2026-11-26 \d\d:\d\d UTC, by @UVIEW\./);
  t.deepEqual((replyToJson(reply).changes as { fixed: string[] }).fixed, ['pan-failover']);
});

test('the default target is the newest release one step away', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  const reply = await h.run('readiness');
  t.is(reply.context.target, '3.5');
});

test('an unknown --target is a usage error listing the known ones', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  const reply = await h.run('readiness --target 9.9');
  t.is(reply.kind, 'usage');
  t.regex(reply.lead ?? '', /Known targets: 3\.0, 3\.1, 3\.2, 3\.3, 3\.4, 3\.5/);
});

test('check <id> reads only that check’s needs; a mistyped id gets a suggestion', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  const reply = await h.run('check ntp');
  t.is(reply.kind, 'check');
  t.is(reply.status, 'ok');
  t.deepEqual([...(h.needs[0] ?? [])].sort(), ['cli:ntp', 'nodes']);
  const typo = await h.run('check ntpp');
  t.is(typo.kind, 'usage');
  t.regex(typo.lead ?? '', /Did you mean `ntp`\?/);
});

test('ack needs the operator role', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  const reply = await h.run('ack load-balancer', 'slack:UVIEW');
  t.is(reply.status, 'denied');
});

test('ack refuses an automated item that is not manual, and audits the refusal', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  const reply = await h.run('ack ntp', 'slack:UOP');
  t.is(reply.status, 'error');
  t.regex(reply.title, /`ntp` is pass on prod, not an item to confirm by hand/);
  const [entry] = await h.services.store.audit.latest(1);
  t.is(entry?.action, 'ack');
  t.is(entry?.outcome, 'refused');
});

test('an ack is recorded with user, time and release, shown in the report and the checklist, and audited', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  const ack = await h.run('ack load-balancer', 'slack:UOP');
  t.is(ack.status, 'ok');
  t.regex(
    ack.lead ?? '',
    /^`load-balancer` is confirmed on prod\. It holds while ISE runs 3\.2\.0\.542 patch 7/,
  );
  // Who and when are a mention and a time the platform renders for each reader.
  const facts = ack.sections[0]?.blocks.find((b) => b.type === 'fields');
  const [by, at] = facts?.type === 'fields' ? facts.fields : [];
  t.deepEqual(by, { label: 'Confirmed by', value: [{ user: 'slack:UOP' }] });
  t.like(at, { label: 'At', value: [{ show: 'datetime' }] });
  t.regex(JSON.stringify(at?.value), /"time":"2026-11-26T\d\d:\d\d:\d\d\.000Z"/);
  t.regex(renderText(ack, { zone: 'America/New_York' }), /At: +2026-11-26 \d\d:\d\d EST/);
  const [entry] = await h.services.store.audit.latest(1);
  t.like(entry, { action: 'ack', actor: 'slack:UOP', target: 'prod/load-balancer', outcome: 'ok' });
  const report = await h.run('readiness');
  const finding = (
    replyToJson(report).findings as Array<{ id: string; status: string; ack?: { by: string } }>
  ).find((f) => f.id === 'load-balancer');
  t.is(finding?.status, 'manual');
  t.is(finding?.ack?.by, 'slack:UOP');
  t.false(report.actions.some((a) => a.id === 'ack:load-balancer'));
  t.true(report.actions.some((a) => a.id === 'ack:staging-test'));
  const checklist = await h.run('checklist');
  t.regex(renderText(checklist), /✔ `load-balancer` .*: confirmed by @UOP, 2026-11-26 \d\d:\d\d UTC/);
  const confirmed = JSON.stringify(report.sections.find((s) => s.title === 'Load balancers prepared'));
  t.true(confirmed.includes('{"user":"slack:UOP"}'), 'the report names who confirmed it as a mention');
});

test('acks survive a restart (the store reopened from its file) and a release change clears them', async (t) => {
  const first = await Harness.open();
  await first.run('ack certificate-export', 'slack:UOP');
  await first.close();

  const second = await Harness.open(first.file);
  t.teardown(() => second.close());
  const list = await second.run('checklist');
  const items = replyToJson(list).items as Array<{ id: string; confirmed: boolean; by?: string }>;
  t.like(
    items.find((i) => i.id === 'certificate-export'),
    { confirmed: true, by: 'slack:UOP' },
  );
  t.regex(list.lead ?? '', /^1 of 6 items confirmed for ISE 3\.2\.0\.542 patch 7/);

  second.snapshot = () => ({ ...healthy(), release: ok({ version: '3.2.0.542', release: '3.2', patch: 8 }) });
  const after = await second.run('checklist');
  const cleared = replyToJson(after).items as Array<{ id: string; confirmed: boolean }>;
  t.false(cleared.find((i) => i.id === 'certificate-export')?.confirmed);
});

test('on 2.7 an item with no API there can be confirmed, and the checklist lists it', async (t) => {
  const h = await Harness.open();
  t.teardown(() => h.close());
  h.snapshot = () => ({
    ...healthy(),
    release: ok({ version: '2.7.0.356', release: '2.7', patch: 10 }),
    panFailover: { state: 'unavailable', reason: 'ISE 2.7 has no PAN failover API' },
  });
  await h.run('readiness');
  const ack = await h.run('ack pan-failover', 'slack:UOP');
  t.is(ack.status, 'ok');
  const items = replyToJson(await h.run('checklist')).items as Array<{ id: string; confirmed: boolean }>;
  t.true(items.find((i) => i.id === 'pan-failover')?.confirmed);
});
