import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { parseConfig } from '../../src/config/load.js';
import type { Reply } from '../../src/reply/model.js';
import { countsText, fallbackText, renderText } from '../../src/reply/text.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';
import {
  countProblems,
  duplicateValueProblems,
  labelProblems,
  pluralProblems,
  punctuationProblems,
  repeatProblems,
  withoutChecks,
  zoneProblems,
} from './wording.js';

/**
 * Known wording problems inside the checks themselves (src/checks/items/*, owned by the evidence
 * work): their sections are left out of the rules they break until that work is merged. Each entry
 * names the problem; remove it once the check says it right.
 */
/** Checks whose wording is known to break a rule, with the problem; empty since the checks were fixed. */
const KNOWN: Record<string, { rules: readonly Rule[]; problem: string }> = {};

type Rule = 'punctuation' | 'plural' | 'duplicate' | 'zone' | 'label' | 'repeat' | 'counts';

/** Every command a user can type, on the demo lab, as the console's admin. */
const TEXTS = [
  'readiness',
  'readiness --target 3.1',
  ...CATALOGUE.map((c) => `check ${c.id}`),
  'check no-such-check',
  'check ntpp',
  'nodes',
  'certs',
  'certs 400',
  'checklist',
  'ack urt',
  'checklist',
  'ack ntp',
  'backup status',
  'backup config',
  'backup confg',
  'backup config bad;name',
  'backup status extra',
  'subscribe readiness "0 8 * * 1-5" Europe/Berlin',
  'subscribe readiness "0 8 * * 1-5" Europe/Berlin --channel slack:C0123456',
  'subscribe certs "0 8 * * 1" UTC --channel slack:C0123456',
  'subscriptions',
  'unsubscribe 999',
  'audit 1',
  'audit',
  'hostkeys',
  'help',
  ...COMMANDS.map((c) => `help ${c.name}`),
  'help nodse',
  'nodse',
  'readiness --deployment nowhere',
  'certs many',
];

/** On a release whose certificates can be read: the certificate replies and a readiness with them. */
const CERT_TEXTS = [
  'certs',
  'certs 400',
  'certs 0',
  'readiness',
  'check certificates-expired',
  'check certificates-expiring',
  'check ca-chain',
];

async function demoBot(t: ExecutionContext, scenario = 'demo') {
  const lab = await startLab(t, scenario);
  const dir = mkdtempSync(join(tmpdir(), 'wording-'));
  const raw = { ...lab.configFor(dir), access: { admins: ['cli'] }, store: { url: 'sqlite::memory:' } };
  const services = await createServices(parseConfig(raw, {}, undefined, dir), { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  return (text: string) => dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text });
}

/** The problems of one reply under each rule, with the known problems of the checks left out. */
function problems(reply: Reply): string[] {
  const out: string[] = [];
  const rules: Rule[] = ['punctuation', 'plural', 'duplicate', 'zone', 'label', 'repeat', 'counts'];
  for (const rule of rules) {
    const excluded = Object.entries(KNOWN)
      .filter(([, k]) => k.rules.includes(rule))
      .map(([id]) => id);
    const r = withoutChecks(reply, excluded);
    const renderings = [renderText(r), renderText(r, { details: true }), fallbackText(r)];
    // `check <id>` of a known check: the whole reply is that check.
    const finding = (reply.data?.finding as { id?: string } | undefined)?.id;
    if (finding !== undefined && excluded.includes(finding)) continue;
    switch (rule) {
      case 'punctuation':
        out.push(...renderings.flatMap(punctuationProblems));
        break;
      case 'plural':
        out.push(...renderings.flatMap(pluralProblems));
        break;
      case 'duplicate':
        out.push(...renderings.flatMap(duplicateValueProblems));
        break;
      case 'zone':
        out.push(...renderings.flatMap(zoneProblems));
        break;
      case 'label':
        out.push(...labelProblems(r));
        break;
      case 'repeat':
        out.push(...repeatProblems(r));
        break;
      case 'counts':
        out.push(...countProblems(r, renderings[1] ?? ''), ...countProblems(r, renderings[2] ?? '', ', '));
        break;
    }
  }
  return [...new Set(out)];
}

test('every reply on the demo lab keeps the wording rules, in its text and in its plain fallback', async (t) => {
  const send = await demoBot(t);
  const found: string[] = [];
  for (const text of TEXTS) {
    const reply = await send(text);
    for (const p of problems(reply)) found.push(`${text}: ${p}`);
  }
  t.deepEqual(found, []);
});

test('the certificate replies on ISE 3.3 keep the wording rules', async (t) => {
  const send = await demoBot(t, 'ise-3.3');
  const found: string[] = [];
  for (const text of CERT_TEXTS) {
    const reply = await send(text);
    for (const p of problems(reply)) found.push(`${text}: ${p}`);
  }
  t.deepEqual(found, []);
});

test('readiness says its counts once, typed, in the severity order; the lead says only the verdict', async (t) => {
  const send = await demoBot(t);
  const reply = await send('readiness');
  t.deepEqual(reply.counts, reply.data?.summary as Reply['counts']);
  t.deepEqual(reply.counts, { fail: 8, error: 0, warn: 5, manual: 15, info: 2, pass: 2 });
  const counts = countsText(reply.counts ?? { fail: 0, error: 0, warn: 0, manual: 0, info: 0, pass: 0 });
  t.is(counts, '8 blocking · 5 warnings · 15 to confirm by hand · 2 for information · 2 passed');
  t.is(reply.lead, 'Not ready for the upgrade to 3.2: fix the blocking items first.');
  const text = renderText(reply, { details: true });
  t.is(text.split(counts).length, 2, text);
  t.is(
    fallbackText(reply),
    'Upgrade readiness of demo for ISE 3.2. 8 blocking, 5 warnings, 15 to confirm by hand, 2 for information, 2 passed. Not ready for the upgrade to 3.2: fix the blocking items first.',
  );
  // Findings come in the same order as the counts: every blocking item before the first warning.
  const statuses = reply.sections.filter((s) => !s.detail && s.status).map((s) => s.status);
  t.is(statuses.lastIndexOf('fail') < statuses.indexOf('warn'), true);
  t.is(statuses.lastIndexOf('warn') < statuses.indexOf('manual'), true);
});

test('help shows the role each form of a command really needs', async (t) => {
  const send = await demoBot(t);
  const text = renderText(await send('help backup'));
  t.regex(text, /`backup config`, `backup operational`, `backup logs` need the operator role/);
  t.regex(text, /`backup status` needs the viewer role\./);
  t.notRegex(text, /Needs the viewer role/);
  t.regex(renderText(await send('help readiness')), /Needs the viewer role\./);
  t.regex(renderText(await send('help audit')), /Needs the admin role\./);
});

test('the wording rules catch the mistakes they are for', (t) => {
  t.not(punctuationProblems('Cancelled by cli: nothing was run.: details').length, 0);
  t.not(punctuationProblems('the nodes.); confirm').length, 0);
  t.is(punctuationProblems('ise-urtbundle-3.2…-1.0.0 and ../x and wait...').length, 0);
  t.not(pluralProblems('answers, 1 files').length, 0);
  t.not(pluralProblems('2 node').length, 0);
  t.not(pluralProblems('Latest 1 audit entries').length, 0);
  t.is(pluralProblems('1 file, 2 nodes, 1 repository, 3 repositories, 2.7.0 patch 4').length, 0);
  t.not(duplicateValueProblems('MnT data: 46.9 GB of 391 GB, 46.9 GB of 391 GB; less data').length, 0);
  t.is(duplicateValueProblems('ise-pan1: 46.9 GB of 391 GB, ise-pan2: 40 GB of 391 GB').length, 0);
  t.not(zoneProblems('started 2026-12-08 01:01 by cli').length, 0);
  t.not(zoneProblems('started by cli at 10:00').length, 0);
  t.is(zoneProblems('started 2026-12-08 01:01 UTC, at 10:00 CET').length, 0);
});
