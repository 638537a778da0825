import type { ShowRepository } from '../../ise/cli/parsers/index.js';
import type { Snapshot, Sourced } from '../../ise/snapshot/types.js';
import { type EvidenceLine, faultyFirst, finding, names, plural } from '../finding.js';
import { cliPart, FIX_SSH, understood } from '../node-facts.js';
import { primaryPan } from '../pan.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check, FindingStatus } from '../types.js';

const base = {
  id: 'repository',
  title: 'The backup repository is supported and answers',
  section: GUIDE.backup,
};
// "The following repository types are not supported: CD-ROM, HTTP, HTTPS, or TFTP ... read-only or
// their protocol does not support the file listing." DISK is the local repository: "Do not back up using a local repository."
const UNSUPPORTED = new Set(['CDROM', 'HTTP', 'HTTPS', 'TFTP']);

interface Repo {
  name: string;
  protocol: string;
  where: string;
}

export const repository: Check = {
  ...base,
  kind: 'automated',
  needs: [
    'nodes',
    'repositories',
    'lastBackups',
    'cli:runningConfig',
    'cli:backupHistory',
    'cli:repositoryFiles',
  ],
  evaluate(snapshot, context) {
    const pan = primaryPan(snapshot);
    const { repos, problems } = known(snapshot, pan);
    const wanted = context.backupRepository ?? lastUsed(snapshot, pan);
    const others = repos.filter(
      (r) => r.name !== wanted && (UNSUPPORTED.has(r.protocol) || r.protocol === 'DISK'),
    );
    const repoLine = (r: Repo) => `${r.name}: ${r.protocol} (${r.where})`;
    const problemLines: EvidenceLine[] = problems.map((p) => ({
      line: p.text,
      status: p.manual ? 'manual' : 'error',
    }));
    const evidence = faultyFirst([
      ...repos.map((r) => ({ line: repoLine(r), status: 'pass' as const })),
      ...problemLines,
    ]);
    if (repos.length === 0 && problems.length > 0) {
      const manual = problems.every((p) => p.manual);
      return finding(base, {
        status: manual ? 'manual' : 'error',
        summary: `The repositories could not be read: ${problems.map((p) => p.text).join('; ')}.`,
        ...evidence,
        remediation: manual
          ? `Run \`show running-config | begin repository\` and \`show repository <name>\` on the PAN (or open ${MENU.repositories}); the backup repository must be FTP, SFTP or NFS, not local, and list its files.`
          : FIX_SSH,
      });
    }
    if (wanted === undefined) {
      return finding(base, {
        status: 'warn',
        summary: 'No backup repository is configured for the bot and no backup shows which one is used.',
        ...evidence,
        remediation: `Create an SFTP, FTP or NFS repository close to the nodes (${MENU.repositories} > Add, or \`repository <name>\` in config mode) and set \`backup.repository\` for this deployment in the bot config.`,
      });
    }
    const repo = repos.find((r) => r.name === wanted);
    const listing = knownAnswer(
      pan === undefined
        ? undefined
        : understood(snapshot.cli[pan]?.repositoryFiles?.[wanted], `\`show repository ${wanted}\` on ${pan}`),
    );
    const reasons: string[] = [];
    let status: FindingStatus = 'pass';
    if (repo === undefined) reasons.push(`${wanted} does not exist on the PAN`);
    else if (UNSUPPORTED.has(repo.protocol))
      reasons.push(`${wanted} is ${repo.protocol}, which cannot list files`);
    else if (repo.protocol === 'DISK') reasons.push(`${wanted} is the local disk, which the upgrade wipes`);
    if (listing?.state === 'ok' && !listing.value.ok)
      reasons.push(`\`show repository ${wanted}\` says: ${listing.value.message}`);
    const listingLines: EvidenceLine[] = [];
    if (reasons.length > 0) status = 'fail';
    else if (listing === undefined || listing.state !== 'ok') {
      status = listing?.state === 'unavailable' ? 'manual' : 'error';
      listingLines.push({
        line: `show repository ${wanted}: ${listing === undefined ? 'not read' : listing.state === 'error' ? listing.error : listing.reason}`,
        status,
      });
    } else if (listing.value.ok) {
      listingLines.push({
        line: `show repository ${wanted}: answers, ${plural(listing.value.files.length, 'file')}`,
        status: 'pass',
      });
    }
    if (status === 'pass' && others.length > 0) status = 'warn';
    // The backup repository when it fails, the repositories that cannot hold backups, what was not
    // read: first; the rest after.
    const judged = faultyFirst([
      ...repos.map((r) => ({
        line: repoLine(r),
        status:
          r.name === wanted && reasons.length > 0
            ? ('fail' as const)
            : others.includes(r)
              ? ('warn' as const)
              : ('pass' as const),
      })),
      ...problemLines,
      ...listingLines,
    ]);
    const otherText =
      others.length > 0
        ? ` Other repositories that cannot hold backups: ${names(others.map((o) => `${o.name} (${o.protocol})`))}.`
        : '';
    return finding(base, {
      status,
      summary:
        status === 'fail'
          ? `The backup repository is not usable: ${reasons.join('; ')}.`
          : status === 'pass' || status === 'warn'
            ? `${wanted} (${repo?.protocol}) answers and can hold backups.${otherText}`
            : `Could not confirm ${wanted} answers.`,
      nodes: pan ? [pan] : [],
      ...judged,
      remediation:
        status === 'fail'
          ? `Use an SFTP, FTP or NFS repository close to the nodes: ${MENU.repositories} > Add (or \`repository <name>\` / \`url sftp://host/path\` in config mode; for SFTP also \`crypto host_key add host <server>\`), check it with \`show repository <name>\`, and set \`backup.repository\` in the bot config.`
          : status === 'warn'
            ? 'Do not pick those for backups; remove them if nothing else uses them.'
            : status === 'pass'
              ? 'Nothing to do.'
              : status === 'manual'
                ? `Run \`show repository ${wanted}\` on the PAN: it must list the files.`
                : FIX_SSH,
    });
  },
};

function known(
  snapshot: Snapshot,
  pan: string | undefined,
): { repos: Repo[]; problems: Array<{ text: string; manual: boolean }> } {
  const repos: Repo[] = [];
  const problems: Array<{ text: string; manual: boolean }> = [];
  const api = snapshot.repositories;
  if (api?.state === 'ok') {
    for (const r of api.value)
      repos.push({ name: r.name, protocol: r.protocol.toUpperCase(), where: api.source });
  } else if (api !== undefined) {
    problems.push({
      text: `repository API: ${api.state === 'error' ? api.error : api.reason}`,
      manual: api.state === 'unavailable',
    });
  }
  const config =
    pan === undefined ? undefined : cliPart(snapshot, pan, 'runningConfig', 'show running-config');
  if (config?.state === 'ok') {
    for (const r of config.value.repositories) {
      if (repos.some((x) => x.name === r.name)) continue;
      repos.push({ name: r.name, protocol: r.protocol ?? '?', where: `show running-config on ${pan}` });
    }
  } else {
    const why = config === undefined ? 'not read' : config.state === 'error' ? config.error : config.reason;
    problems.push({
      text: `show running-config on ${pan ?? 'the PAN'}: ${why}`,
      manual: config?.state === 'unavailable',
    });
  }
  return { repos, problems };
}

/** The repository of the newest backup: the API's last status, else the PAN's backup history. */
function lastUsed(snapshot: Snapshot, pan: string | undefined): string | undefined {
  if (snapshot.lastBackups?.state === 'ok') {
    const latest = [...snapshot.lastBackups.value].sort(
      (a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0),
    )[0];
    if (latest?.repository) return latest.repository;
  }
  const history =
    pan === undefined ? undefined : cliPart(snapshot, pan, 'backupHistory', 'show backup history');
  if (history?.state !== 'ok') return undefined;
  return [...history.value.entries].reverse().find((e) => e.operation === 'backup' && e.repository)
    ?.repository;
}

/**
 * Only an error the bot knows (`% Repository not found`, unreachable) fails the repository; any other
 * `%` line is quoted and left as `error` (issue 14: unknown is not fail).
 */
function knownAnswer(listing: Sourced<ShowRepository> | undefined): Sourced<ShowRepository> | undefined {
  if (listing?.state !== 'ok' || listing.value.ok) return listing;
  if (listing.value.reason === 'not-found' || listing.value.reason === 'unreachable') return listing;
  return {
    state: 'error',
    error: `\`show repository\` answered with an error the bot does not know: "${listing.value.message.slice(0, 200)}".`,
    source: listing.source,
    answer: true,
  };
}
