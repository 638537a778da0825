import { compareRelease } from '../../ise/release.js';
import { runBackup, showBackupHistory, showBackupStatus, showRestoreStatus } from './backup.js';
import type { CliNodeFacts } from './facts.js';
import { wallDate } from './format.js';
import { invalidCommand, type Pattern, parse } from './grammar.js';
import type { CliIo } from './io.js';
import { showClock, showTimezone } from './render-clock.js';
import { showRepository, showRunningConfig } from './render-config.js';
import { showNtp } from './render-ntp.js';
import {
  showApplicationStatus,
  showApplicationVersion,
  showDisks,
  showMemory,
  showUdi,
  showUptime,
  showVersion,
} from './render-system.js';

/** What the shell needs from one command line, besides printing: session-level effects. */
export interface CommandEnv {
  facts: CliNodeFacts;
  io: CliIo;
  promptLength: number;
  /** Delay between backup progress lines. */
  stageMs: number;
  setPagerLength(lines: number): void;
  /** `reload`: the node goes down, the connection with it. */
  reboot(): void;
}

type Handler = (env: CommandEnv, args: string[]) => Promise<void> | string[];

const COMMANDS: Array<[Pattern, Handler]> = [
  [['show', 'version'], ({ facts }) => showVersion(facts)],
  [['show', 'application', 'version', 'ise'], ({ facts }) => showApplicationVersion(facts)],
  [['show', 'application', 'status', 'ise'], ({ facts }) => showApplicationStatus(facts)],
  [['show', 'ntp'], ({ facts, io }) => showNtp(facts, io.now())],
  [['show', 'disks'], ({ facts }) => showDisks(facts)],
  [['show', 'memory'], ({ facts }) => showMemory(facts)],
  [['show', 'running-config'], ({ facts }) => showRunningConfig(facts)],
  [['show', 'repository', '<name>'], ({ facts }, [name]) => showRepository(facts, name ?? '')],
  [['show', 'backup', 'history'], ({ facts }) => showBackupHistory(facts)],
  [['show', 'backup', 'status'], ({ facts }) => showBackupStatus(facts)],
  [['show', 'restore', 'status'], () => showRestoreStatus()],
  [['show', 'clock'], ({ facts, io }) => showClock(io.now(), facts.timezone)],
  [['show', 'timezone'], ({ facts }) => showTimezone(facts.timezone)],
  [['show', 'uptime'], ({ facts }) => showUptime(facts)],
  [['show', 'udi'], ({ facts }) => showUdi(facts)],
  [
    [
      'backup',
      '<name>',
      'repository',
      '<repo>',
      'ise-config|ise-operational',
      'encryption-key',
      'plain',
      '<key>',
    ],
    ({ facts, io, stageMs }, [name = '', repository = '', type, key = '']) =>
      runBackup(
        facts,
        { kind: type === 'ise-operational' ? 'operational' : 'config', name, repository, key },
        io,
        stageMs,
      ),
  ],
  [
    ['backup-logs', '<name>', 'repository', '<repo>', 'encryption-key', 'plain', '<key>'],
    ({ facts, io, stageMs }, [name = '', repository = '', key = '']) =>
      runBackup(facts, { kind: 'logs', name, repository, key }, io, stageMs),
  ],
  [
    ['backup-logs', '<name>', 'repository', '<repo>'],
    ({ facts, io, stageMs }, [name = '', repository = '']) =>
      runBackup(facts, { kind: 'logs', name, repository }, io, stageMs),
  ],
  [['terminal', 'length', '<lines>'], terminalLength],
  [['reload'], reload],
];

/** `terminal length <0-511>`: silent on success (INFERRED, ise-cli.md §1.8); 0 turns the pager off. */
function terminalLength(env: CommandEnv, [value = '']: string[]): string[] {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 511) return invalidCommand(env.promptLength, 'terminal length '.length);
  env.setPagerLength(n);
  return [];
}

/** `reload`: save the configuration, confirm (before 3.2), broadcast and go down (ise-cli.md §2.12). */
async function reload(env: CommandEnv): Promise<void> {
  const save = await env.io.ask('Save the current ADE-OS running configuration? (yes/no) [yes] ? ');
  if (/^\s*(y|yes|)\s*$/i.test(save)) {
    await env.io.print([
      'Generating configuration...',
      'Saved the ADE-OS running configuration to startup successfully',
    ]);
  }
  // The ISE 3.2 capture goes straight from saving to the broadcast. "Continue with reboot? [y/n]" is known
  // only from the same author's list of prompts to answer, so older releases keep it (INFERRED).
  if (compareRelease(env.facts.version.split('.').slice(0, 2).join('.'), '3.2') < 0) {
    const go = await env.io.ask('Continue with reboot? [y/n] ');
    if (!/^\s*y(es)?\s*$/i.test(go)) return;
  }
  await env.io.print([
    '',
    `Broadcast message from root@${env.facts.hostname} (pts/1) (${wallDate(env.io.now())}):`,
    '',
    'Trying to stop processes gracefully. Reload might take approximately 3 mins',
  ]);
  env.reboot();
}

/** Runs one command line (not `exit`, which the shell handles) and prints its output. */
export async function execute(line: string, env: CommandEnv): Promise<void> {
  const parsed = parse(
    line,
    COMMANDS.map(([pattern]) => pattern),
  );
  if (!parsed.ok) return env.io.print(invalidCommand(env.promptLength, parsed.errorColumn));
  const handler = COMMANDS.find(([pattern]) => pattern === parsed.match.pattern)?.[1];
  if (!handler) return env.io.print(invalidCommand(env.promptLength, 0));
  const out = await handler(env, parsed.match.args);
  if (Array.isArray(out)) await env.io.print(out);
}
