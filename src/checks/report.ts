import { button, list, reply, section, table, text } from '../reply/build.js';
import { at, link, person } from '../reply/inline.js';
import {
  type Action,
  type Block,
  type Field,
  type Reply,
  type ReplyStatus,
  SEVERITY_ORDER,
  type Section,
} from '../reply/model.js';
import { describeChanges } from './changes.js';
import { collapsed } from './finding.js';
import { adminLink, guideUrl } from './guide-links.js';
import type { ReadinessOutcome } from './run.js';
import type { Finding, FindingStatus, StatusCounts } from './types.js';

/** Evidence beyond this many lines goes to a `detail` section (a thread or "Show details" in chat). */
const SHORT_EVIDENCE = 4;
/** Findings are listed in the one severity order; passes come last, collapsed into one section. */
const ORDER: readonly FindingStatus[] = SEVERITY_ORDER.filter((s) => s !== 'pass');
/** Faulty evidence lines shown in the short form however many there are; past it they are counted. */
const SHORT_FAULTY = 8;

/** The readiness report: verdict first, blocking items first, passes collapsed (issue 4). */
export function readinessReply(outcome: ReadinessOutcome): Reply {
  const target = outcome.target.target;
  const sections: Section[] = [];
  if (outcome.previous) sections.push(changesSection(outcome.previous));
  for (const status of ORDER) {
    for (const f of outcome.findings.filter((x) => x.status === status)) {
      sections.push(...findingSections(f, outcome.deployment, false, outcome.adminBase));
    }
  }
  const passed = outcome.findings.filter((f) => f.status === 'pass');
  if (passed.length > 0) {
    sections.push(
      // The title names no number: the counts say how many, once (`reply.counts`).
      section('Passed', [list(passed.map((f) => `${f.title}: ${f.summary}`))], {
        status: 'pass',
        detail: true,
      }),
    );
  }
  if (outcome.notes.length > 0) sections.push(section('Notes', [list(outcome.notes)]));
  return reply(
    'readiness',
    `Upgrade readiness of ${outcome.deployment}${target ? ` for ISE ${target}` : ''}`,
    replyStatus(outcome.summary),
    {
      lead: leadLine(outcome.summary, target),
      counts: { ...outcome.summary },
      sections,
      actions: actions(outcome),
      context: {
        deployment: outcome.deployment,
        ...(target === undefined ? {} : { target }),
        durationMs: outcome.durationMs,
      },
      data: readinessData(outcome),
    },
  );
}

/** One check with all its evidence (`check <id>`). */
export function checkReply(outcome: ReadinessOutcome, finding: Finding): Reply {
  const target = outcome.target.target;
  const acks = finding.status === 'manual' && finding.ack === undefined;
  // The title and lead already say the check's title and summary: its section says them not again.
  const [first, ...rest] = findingSections(finding, outcome.deployment, true, outcome.adminBase);
  const sections: Section[] = [];
  if (first) {
    const { title: _said, ...untitled } = first;
    const blocks = first.blocks.filter((b) => !(b.type === 'text' && b.text === finding.summary));
    sections.push({ ...untitled, blocks }, ...rest);
  }
  return reply('check', finding.title, replyStatus(outcome.summary, true), {
    lead: finding.summary,
    sections,
    actions: acks ? [ackButton(finding.id, outcome.deployment)] : [],
    context: {
      deployment: outcome.deployment,
      ...(target === undefined ? {} : { target }),
      durationMs: outcome.durationMs,
    },
    data: { ...readinessData(outcome), kind: 'check', finding: findingData(finding, outcome.adminBase) },
  });
}

/** CONTRACTS.md readiness JSON, plus the guide section, acks, changes and timings. */
export function readinessData(outcome: ReadinessOutcome): Record<string, unknown> {
  return {
    kind: 'readiness',
    deployment: outcome.deployment,
    target: outcome.target.target ?? null,
    targetOrigin: outcome.target.origin,
    release: outcome.release ? `${outcome.release.version} patch ${outcome.release.patch}` : null,
    startedAt: outcome.startedAt.toISOString(),
    durationMs: outcome.durationMs,
    summary: { ...outcome.summary },
    findings: outcome.findings.map((f) => findingData(f, outcome.adminBase)),
    ...(outcome.previous
      ? {
          changes: {
            since: outcome.previous.at.toISOString(),
            fixed: outcome.previous.changes.fixed.map((c) => c.id),
            new: outcome.previous.changes.new.map((c) => c.id),
            changed: outcome.previous.changes.changed.map((c) => c.id),
          },
        }
      : {}),
    timings: outcome.timings,
  };
}

function findingData(f: Finding, adminBase: string | undefined): Record<string, unknown> {
  const admin = adminLink(f.id, adminBase);
  return {
    id: f.id,
    title: f.title,
    status: f.status,
    summary: f.summary,
    nodes: f.nodes,
    evidence: f.evidence,
    ...(f.faulty === undefined ? {} : { faulty: f.faulty }),
    remediation: f.remediation,
    section: f.section,
    guideUrl: guideUrl(f.section),
    ...(admin === undefined ? {} : { adminUrl: admin.url, adminMenu: admin.menu }),
    ...(f.ack === undefined ? {} : { ack: f.ack }),
    ...(f.table === undefined ? {} : { table: f.table }),
  };
}

/** A finding as sections: the short form in the post, long evidence in a detail section. */
export function findingSections(f: Finding, deployment: string, full = false, adminBase?: string): Section[] {
  const fields: Field[] = [];
  if (f.nodes.length > 0) fields.push({ label: 'Nodes', value: collapsed(f.nodes) });
  if (f.ack) fields.push({ label: 'Confirmed', value: [person(f.ack.by), ', ', at(new Date(f.ack.at))] });
  fields.push({ label: 'Guide', value: [link(f.section, guideUrl(f.section))] });
  const admin = f.status === 'pass' ? undefined : adminLink(f.id, adminBase);
  if (admin) fields.push({ label: 'Fix in ISE', value: [link(admin.menu, admin.url)] });
  const shortList = full ? undefined : shortEvidence(f, deployment);
  const short = shortList === undefined;
  const main: Block[] = [text(f.summary), { type: 'fields', fields }];
  if (shortList !== undefined) main.push(list(shortList));
  else if (f.evidence.length > 0) main.push(list(f.evidence));
  if (full && f.table) main.push(table(f.table.columns, f.table.rows));
  if (f.status !== 'pass') main.push(text(`What to do: ${f.remediation}`));
  const sections = [section(f.title, main, { status: f.status, id: `finding:${f.id}` })];
  // In chat the long part goes to a thread / "Show details": the whole evidence, and the table if any.
  const detail: Block[] = [
    ...(short ? [] : [list(f.evidence)]),
    ...(f.table ? [table(f.table.columns, f.table.rows)] : []),
  ];
  if (!full && detail.length > 0) {
    sections.push(section(`${f.title}: details`, detail, { status: f.status, detail: true }));
  }
  return sections;
}

/**
 * The evidence of the short form, or undefined when all of it fits. The faulty lines lead (see
 * `Finding.faulty`) and are all shown up to {@link SHORT_FAULTY}; only healthy lines fill the rest, so
 * "… N more" hides healthy lines only, and says so. Past that many faulty lines the count of the hidden
 * faulty ones is spelled out on its own.
 */
function shortEvidence(f: Finding, deployment: string): string[] | undefined {
  const all = f.evidence;
  if (all.length <= SHORT_EVIDENCE) return undefined;
  const where = `(\`check ${f.id} --deployment ${deployment}\`)`;
  if (f.faulty === undefined) {
    const more = all.length - SHORT_EVIDENCE + 1;
    return [...all.slice(0, SHORT_EVIDENCE - 1), `… ${more} more ${where}`];
  }
  const faulty = Math.min(f.faulty, all.length);
  const healthy = all.length - faulty;
  // One "… 1 more" line would take the place of the line itself: show it instead.
  const fits = (n: number) => n <= 1;
  const shownFaulty = faulty <= SHORT_FAULTY || fits(faulty - SHORT_FAULTY) ? faulty : SHORT_FAULTY;
  const room = Math.max(0, SHORT_EVIDENCE - 1 - shownFaulty);
  const shownHealthy = fits(healthy - room) ? healthy : Math.min(room, healthy);
  const hiddenFaulty = faulty - shownFaulty;
  const hiddenHealthy = healthy - shownHealthy;
  const lines = [...all.slice(0, shownFaulty), ...all.slice(faulty, faulty + shownHealthy)];
  if (hiddenFaulty === 0 && hiddenHealthy === 0) return undefined;
  const more =
    hiddenFaulty > 0
      ? `… ${hiddenFaulty} more needing attention${hiddenHealthy > 0 ? ` and ${hiddenHealthy} without a problem` : ''}`
      : `… ${hiddenHealthy} more without a problem`;
  return [...lines, `${more} ${where}`];
}

function changesSection(previous: NonNullable<ReadinessOutcome['previous']>): Section {
  const { changes } = previous;
  const items = [
    ...changes.fixed.map((c) => `Fixed: ${c.title} (${c.from} → ${c.to})`),
    ...changes.new.map((c) => `New: ${c.title} (${c.from} → ${c.to})`),
    ...changes.changed.map((c) => `Changed: ${c.title} (${c.from} → ${c.to})`),
  ];
  return section(`Since the last run: ${describeChanges(changes)}`, [
    text(['The last run: ', at(previous.at), ', by ', person(previous.actor), '.']),
    ...(items.length > 0 ? [list(items)] : []),
  ]);
}

/**
 * The verdict in a sentence: "Not ready for the upgrade to 3.2: fix the blocking items first." It names no other count: the counts
 * are the reply's `counts`, which every renderer says once, in SEVERITY_ORDER (`countsText`).
 */
export function leadLine(counts: StatusCounts, target: string | undefined): string {
  const to = target ? ` to ${target}` : '';
  if (counts.fail > 0) return `Not ready for the upgrade${to}: fix the blocking items first.`;
  if (counts.error > 0) return `Nothing found blocks the upgrade${to}, but not everything could be read.`;
  return `Nothing found blocks the upgrade${to}.`;
}

/** `fail` exactly when a check fails, so `run "readiness" --json` exits 1 then (CONTRACTS.md). */
export function replyStatus(counts: StatusCounts, single = false): ReplyStatus {
  if (counts.fail > 0) return 'fail';
  if (counts.warn > 0 || counts.error > 0) return 'warn';
  // One manual or info item is not "all clear"; a whole report with only those still is.
  if (single && (counts.manual > 0 || counts.info > 0)) return 'info';
  return 'ok';
}

function ackButton(id: string, deployment: string): Action {
  return button(`ack:${id}`, `Acknowledge ${id}`, `ack ${id} --deployment ${deployment}`, {
    style: 'primary',
    secondary: true,
  });
}

function actions(outcome: ReadinessOutcome): Action[] {
  const open = outcome.findings.filter((f) => f.status === 'manual' && f.ack === undefined);
  const target =
    outcome.target.origin === 'flag' && outcome.target.target ? ` --target ${outcome.target.target}` : '';
  return [
    ...open.map((f) => ackButton(f.id, outcome.deployment)),
    button('rerun', 'Run again', `readiness --deployment ${outcome.deployment}${target}`),
  ];
}
