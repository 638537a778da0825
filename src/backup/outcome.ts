import type { BackupJobStatus } from '../store/backups.js';
import type { IseVerdict } from './verdict.js';

/** How one backup ended, as the job row, the audit log and the reply all tell it. */
export interface BackupOutcome {
  status: BackupJobStatus;
  file?: string;
  /** Whether `show repository` listed the file; undefined when not checked or ISE could not list. */
  inRepository?: boolean;
  /** What happened, in a sentence (ISE's words quoted where it gave some). */
  message: string;
  /** What to do now, when there is something to do. */
  advice?: string;
}

/** Advice for the error wordings a backup can end with (ise-cli.md §1.8, §2.8; most are INFERRED). */
export function adviceFor(said: string, configKey: string): string {
  if (/encryption key/i.test(said)) {
    return `Fix ${configKey}.encryptionKey: 8–15 characters from A-Z a-z 0-9 _ #, with upper, lower and a digit.`;
  }
  if (/in progress/i.test(said))
    return 'Another backup or restore started meanwhile; wait for it (`backup status`).';
  if (/repository not found/i.test(said))
    return 'Check the repository name with `show repository` on the PAN.';
  if (/connect|copy to repository|not accessible|repository/i.test(said)) {
    return 'Check that the PAN reaches the repository server and that its credentials work (`show repository <name>` on the PAN), then run the backup again.';
  }
  if (/invalid command/i.test(said)) return 'The CLI user may lack the admin role on the PAN.';
  return 'Look at `show backup history` and `show logging system ade/ADE.log` on the PAN, then run it again.';
}

/**
 * The outcome once the bot lost the live transcript and asked ISE afterwards. `why` says how sight was
 * lost ("the SSH connection dropped", "the bot restarted").
 */
export function outcomeFromVerdict(
  verdict: IseVerdict | undefined,
  why: string,
  name: string,
  configKey: string,
  askError?: string,
): BackupOutcome {
  if (verdict === undefined) {
    return {
      status: 'interrupted',
      message: `${why}, and reconnecting to ask ISE failed (${askError ?? 'no answer'}). ISE may still be running ${name}.`,
      advice:
        'Check `backup status` in a few minutes; do not start another backup before it shows none running.',
    };
  }
  switch (verdict.state) {
    case 'running': {
      const at =
        verdict.percent === undefined
          ? ''
          : ` (${verdict.percent} %${verdict.stage ? `, ${verdict.stage}` : ''})`;
      return {
        status: 'running',
        message: `${why}; ISE is still running ${name}${at}.`,
        advice: '`backup status` shows how it goes; the bot reports the end when it next checks.',
      };
    }
    case 'success': {
      const where =
        verdict.inRepository === true
          ? 'and the file is in the repository'
          : verdict.inRepository === false
            ? 'but the file is NOT in the repository'
            : 'but the repository could not be listed to confirm the file';
      return {
        status: verdict.inRepository === false ? 'failed' : 'success',
        file: verdict.file,
        ...(verdict.inRepository === undefined ? {} : { inRepository: verdict.inRepository }),
        message: `${why}; ISE reports ${verdict.file} as completed ${where}.`,
        ...(verdict.inRepository === false
          ? { advice: 'Check the repository server, then run the backup again.' }
          : {}),
      };
    }
    case 'failed':
      return {
        status: 'failed',
        ...(verdict.file === undefined ? {} : { file: verdict.file }),
        message: `${why}; ISE reports the backup failed: "${verdict.said}".`,
        advice: adviceFor(verdict.said, configKey),
      };
    case 'no-trace':
      return {
        status: 'interrupted',
        message: `${why}; ISE shows ${name} neither running nor in its backup history, and no file for it in the repository: the backup did not complete.`,
        advice: 'Run the backup again.',
      };
  }
}
