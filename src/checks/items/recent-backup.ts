import { parseBackupFileName } from '../../ise/cli/parsers/index.js';
import type { Snapshot } from '../../ise/snapshot/types.js';
import { finding, utc } from '../finding.js';
import { cliPart, FIX_SSH } from '../node-facts.js';
import { primaryPan } from '../pan.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = { id: 'recent-backup', title: 'A recent configuration backup succeeded', section: GUIDE.backup };
const DAY = 86_400_000;

interface Seen {
  kind: 'config' | 'operational';
  ok: boolean | undefined;
  at?: Date;
  file: string;
  repository?: string;
  detail: string;
  from: string;
}

const COMMAND = (repo: string) =>
  `\`backup pre-upgrade repository ${repo} ise-config encryption-key plain <key>\` on the PAN (or \`backup config ${repo}\` here, or ${MENU.backup} > Backup Now)`;

/** The guide asks for a configuration (and, to keep MnT data, an operational) backup before the upgrade. */
export const recentBackup: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'lastBackups', 'cli:backupHistory'],
  evaluate(snapshot, context) {
    const { seen, problems } = collect(snapshot);
    const repo = context.backupRepository ?? '<repository>';
    if (seen.length === 0 && problems.length > 0) {
      const manual = problems.every((p) => p.manual);
      return finding(base, {
        status: manual ? 'manual' : 'error',
        summary: `The backup history could not be read: ${problems.map((p) => p.text).join('; ')}.`,
        evidence: problems.map((p) => p.text),
        remediation: manual
          ? `Check ${MENU.backup} (or \`show backup history\` on the PAN) for a configuration backup from the last 24 hours; if none, take one: ${COMMAND(repo)}.`
          : FIX_SSH,
      });
    }
    const latest = (kind: Seen['kind']) =>
      seen.filter((s) => s.kind === kind).sort((a, b) => (b.at?.getTime() ?? 0) - (a.at?.getTime() ?? 0))[0];
    const config = latest('config');
    const ops = latest('operational');
    const evidence = [
      ...[config, ops].flatMap((s) => (s ? [`last ${s.kind} backup: ${s.detail} (${s.from})`] : [])),
      ...(ops ? [] : ['no operational backup seen (needed only if you keep the MnT data)']),
      ...problems.map((p) => p.text),
    ];
    const fresh = (s: Seen | undefined) =>
      s?.at !== undefined && context.now.getTime() - s.at.getTime() < DAY;
    if (config === undefined) {
      return finding(base, {
        status: 'warn',
        summary: 'No configuration backup was found.',
        evidence,
        remediation: `Take one before the upgrade: ${COMMAND(repo)}.`,
      });
    }
    if (config.ok === false) {
      return finding(base, {
        status: 'fail',
        summary: `The last configuration backup failed (${config.detail}).`,
        evidence,
        remediation: `Fix the cause (repository reachable? space on it? \`show backup history\`), then take a new one: ${COMMAND(config.repository ?? repo)}.`,
      });
    }
    if (!fresh(config)) {
      return finding(base, {
        status: 'warn',
        summary: `The last configuration backup is older than 24 hours (${config.at ? utc(config.at) : 'date unknown'}).`,
        evidence,
        remediation: `Take a fresh one just before the upgrade: ${COMMAND(config.repository ?? repo)}.`,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `A configuration backup succeeded within the last 24 hours (${config.at ? utc(config.at) : ''}).`,
      evidence,
      remediation: fresh(ops)
        ? 'Nothing to do.'
        : 'To keep the MnT data, also take an operational backup: `backup <name> repository <repo> ise-operational encryption-key plain <key>`.',
    });
  },
};

/** Backups from the 3.1+ API where it answers, and from the PAN's `show backup history` as well. */
function collect(snapshot: Snapshot): { seen: Seen[]; problems: Array<{ text: string; manual: boolean }> } {
  const seen: Seen[] = [];
  const problems: Array<{ text: string; manual: boolean }> = [];
  const api = snapshot.lastBackups;
  if (api?.state === 'ok') {
    for (const b of api.value) {
      const kind = /OPERATIONAL/i.test(b.type) ? 'operational' : 'config';
      seen.push({
        kind,
        ok:
          b.status === 'COMPLETED'
            ? true
            : b.status === 'ERROR' || /fail/i.test(b.status)
              ? false
              : undefined,
        ...(b.startDate === undefined ? {} : { at: b.startDate }),
        file: b.name,
        repository: b.repository,
        detail: `${b.name} to ${b.repository}: ${b.status}${b.message ? ` (${b.message})` : ''}${b.startDate ? ` at ${utc(b.startDate)}` : ''}`,
        from: api.source,
      });
    }
  } else if (api !== undefined) {
    problems.push({
      text: `backup API: ${api.state === 'error' ? api.error : api.reason}`,
      manual: api.state === 'unavailable',
    });
  }
  const pan = primaryPan(snapshot);
  const history =
    pan === undefined ? undefined : cliPart(snapshot, pan, 'backupHistory', 'show backup history');
  if (history?.state === 'ok') {
    for (const e of history.value.entries) {
      if (e.operation !== 'backup') continue;
      const parsed = e.file ? parseBackupFileName(e.file) : undefined;
      if (parsed?.kind === 'LOGS') continue;
      const at = e.loggedAt?.date ?? parsed?.createdAt;
      seen.push({
        kind: parsed?.kind === 'OPS' ? 'operational' : 'config',
        ok: e.outcome === 'success' ? true : e.outcome === 'failed' ? false : undefined,
        ...(at === undefined ? {} : { at }),
        file: e.file ?? e.name ?? '?',
        ...(e.repository === undefined ? {} : { repository: e.repository }),
        detail: e.status ?? `${e.file ?? e.name}: ${e.outcome}`,
        from: `show backup history on ${pan}`,
      });
    }
  } else {
    const why =
      history === undefined ? 'not read' : history.state === 'error' ? history.error : history.reason;
    problems.push({
      text: `show backup history on ${pan ?? 'the PAN'}: ${why}`,
      manual: history?.state === 'unavailable',
    });
  }
  return { seen, problems };
}
