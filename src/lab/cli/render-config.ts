import { createHash } from 'node:crypto';
import type { CliNodeFacts } from './facts.js';

/** A stable fake hash: running-config never shows a clear-text password (ise-cli.md §2.7). */
const fakeHash = (seed: string) => createHash('sha1').update(seed).digest('hex').toUpperCase();

/**
 * `show running-config`. The body lines are the scenario's `configLines` (interfaces, policies...); the
 * lines derived from other facts (hostname, domain, NTP, repositories, CLI user) are generated so they
 * cannot disagree with the other commands. The opening `Generating configuration...` and the repository
 * block layout are INFERRED (ise-cli.md §2.7).
 */
export function showRunningConfig(facts: CliNodeFacts): string[] {
  const lines = ['Generating configuration...', '!', ...facts.configLines];
  if (facts.configLines.length > 0 && facts.configLines.at(-1) !== '!') lines.push('!');
  lines.push(`hostname ${facts.hostname}`, `ip domain-name ${facts.domain}`);
  for (const s of facts.ntp.servers) lines.push(`ntp server ${s.address}`);
  lines.push(`clock timezone ${facts.timezone ?? 'UTC'}`, '!');
  for (const r of facts.repositories) {
    lines.push(`repository ${r.name}`, `  url ${r.url}`);
    if (r.user !== undefined) lines.push(`  user ${r.user} password hash ${fakeHash(`${r.name}/${r.user}`)}`);
    lines.push('!');
  }
  const role = facts.promptRole === 'user' ? 'user' : 'admin';
  lines.push(
    `username ${facts.promptUser} password hash ${fakeHash(facts.promptUser)} role ${role}`,
    '!',
    'end',
  );
  return lines;
}

/**
 * `show repository <name>`: one file name per line (INFERRED shape, ise-cli.md §2.6). `% Repository not
 * found` is a string real automation checks for; the unreachable-server wording is INFERRED.
 */
export function showRepository(facts: CliNodeFacts, name: string): string[] {
  const repo = facts.repositories.find((r) => r.name === name);
  if (!repo) return ['% Repository not found'];
  if (repo.reachable === false) return ['% Error: Failed to list files in the repository'];
  return [...repo.files];
}
