import type { Change, Changes } from '../src/checks/changes.js';
import type { ReadinessOutcome } from '../src/checks/run.js';
import { button, errorReply, list, reply, section, text } from '../src/reply/build.js';
import { at } from '../src/reply/inline.js';
import type { Reply, Section } from '../src/reply/model.js';
import { formatLocal } from '../src/schedule/cron.js';

/** Blocking items listed in the post itself; the rest are in the full report. */
const BLOCKING_SHOWN = 8;

export interface DigestInput {
  /** The readiness report exactly as `readiness` renders it. */
  full: Reply;
  outcome: ReadinessOutcome;
  scheduledAt: Date;
  timezone: string;
  /** The previous digest of this deployment and what changed since, when there was one. */
  since?: { at: Date; changes: Changes; text: string };
}

/** Short in the channel, complete in the thread: the full report rides along as detail sections. */
export function digestReply(input: DigestInput): Reply {
  const { full, outcome, scheduledAt, since } = input;
  const blocking = outcome.findings.filter((f) => f.status === 'fail');
  const sections: Section[] = [];
  if (blocking.length > 0) {
    const shown = blocking.slice(0, BLOCKING_SHOWN).map((f) => `${f.title}: ${f.summary}`);
    if (blocking.length > BLOCKING_SHOWN)
      shown.push(`… and ${blocking.length - BLOCKING_SHOWN} more in the report`);
    sections.push(section('Blocking the upgrade', [list(shown)], { status: 'fail' }));
  }
  sections.push(changesSection(since));
  sections.push(...full.sections.map((s) => ({ ...s, detail: true })));
  const target = outcome.target.target;
  return reply(
    'digest',
    `Readiness digest: ${outcome.deployment}${target ? ` → ISE ${target}` : ''}`,
    full.status,
    {
      ...(full.lead === undefined ? {} : { lead: full.lead }),
      ...(full.counts === undefined ? {} : { counts: { ...full.counts } }),
      sections,
      actions: [button('rerun', 'Run readiness now', `readiness --deployment ${outcome.deployment}`)],
      context: { ...full.context },
      data: {
        kind: 'digest',
        deployment: outcome.deployment,
        scheduledAt: scheduledAt.toISOString(),
        summary: { ...outcome.summary },
        blocking: blocking.map((f) => f.id),
        ...(since
          ? {
              changes: {
                since: since.at.toISOString(),
                fixed: since.changes.fixed.map((c) => c.id),
                new: since.changes.new.map((c) => c.id),
                changed: since.changes.changed.map((c) => c.id),
              },
            }
          : {}),
        report: full.data ?? {},
      },
    },
  );
}

function changesSection(since: DigestInput['since']): Section {
  if (!since)
    return section('Since the last digest', [text('This is the first digest for this deployment.')]);
  const line = (verb: string) => (c: Change) => `${verb}: ${c.title} (${c.from} → ${c.to})`;
  const items = [
    ...since.changes.fixed.map(line('fixed')),
    ...since.changes.new.map(line('new')),
    ...since.changes.changed.map(line('changed')),
  ];
  return section(`Since the last digest: ${since.text}`, [
    text(['The last digest: ', at(since.at), '.']),
    ...(items.length > 0 ? [list(items)] : []),
  ]);
}

/** The digest could not run: said in the channel, so silence never reads as "all well". */
export function digestFailedReply(
  deployment: string,
  scheduledAt: Date,
  timezone: string,
  reason: string,
): Reply {
  return errorReply(
    `The readiness digest for ${deployment} (${formatLocal(scheduledAt, timezone)}) could not run.`,
    {
      kind: 'digest',
      hint: `${reason} The next scheduled digest tries again; \`readiness --deployment ${deployment}\` runs it now.`,
    },
  );
}
