import test from 'ava';
import type { SshFault } from '../../src/lab/faults.js';
import { FaultTable, lastSlackText, stateOf } from './fault-table.js';
import { ADMIN, labBot, panBackupLines } from './helpers.js';

const table = new FaultTable('ISE SSH faults (Slack → dispatcher → ISE CLI of the PAN on the demo lab)');
test.after.always(() => table.print());

const CASES: Array<{ fault: string; ssh: SshFault; command: string; expect: RegExp; recovered: RegExp }> = [
  {
    fault: 'SSH login refused',
    ssh: { authFail: true },
    command: 'backup status',
    expect: /Could not ask ISE.*SSH login as .{0,3}admin.{0,3} was refused/,
    recovered: /Backups of demo/,
  },
  {
    fault: 'SSH host key changed',
    ssh: { changedHostKey: true },
    command: 'backup status',
    expect: /Could not ask ISE.*host key .*CHANGED/,
    recovered: /Backups of demo/,
  },
  {
    fault: 'SSH dropped mid-command',
    ssh: { dropOn: '^show backup status' },
    command: 'backup status',
    expect: /Could not ask ISE.*connection dropped during `show backup status`/,
    recovered: /Backups of demo/,
  },
  {
    fault: 'SSH dropped mid-backup',
    ssh: { dropOn: '^backup ' },
    command: 'backup config --yes',
    expect: /interrupted.*SSH connection to ise-pan1 dropped/,
    recovered: /Config backup of demo done/,
  },
  {
    fault: 'SSH hung (no prompt after login)',
    ssh: { hangOn: '^terminal length' },
    command: 'backup status',
    expect: /Could not ask ISE.*terminal length 0. on ise-pan1/,
    recovered: /Backups of demo/,
  },
];

for (const c of CASES) {
  test.serial(
    `${c.fault}: the user is told the cause, no job is lost or doubled, and the bot recovers`,
    async (t) => {
      const bot = await labBot(t, {
        patch: (_raw, deployment) => {
          (deployment.ssh as Record<string, unknown>).timeoutMs = 2000;
        },
      });
      const before = await stateOf(bot);
      await bot.lab.setFaults({ ssh: { [bot.lab.pan.hostname]: c.ssh } });
      const during = lastSlackText(await bot.slash(c.command, ADMIN, 'C_SSH'));
      t.regex(during, c.expect);
      await bot.lab.setFaults({});
      const after = lastSlackText(await bot.slash(c.command, ADMIN, 'C_SSH'));
      t.regex(after, c.recovered);
      const jobs = await bot.services.store.backups.latest('demo', 10);
      t.deepEqual(await bot.services.store.backups.running(), [], 'no job left running');
      const backups = c.command.startsWith('backup config');
      t.is(jobs.length, backups ? 2 : 0, 'one job per attempt');
      t.is(panBackupLines(bot.lab).length, backups ? 2 : 0, 'one backup line per attempt');
      t.deepEqual(table.crashes, []);
      const state = await stateOf(bot);
      table.add({
        fault: c.fault,
        command: c.command,
        during,
        after,
        state: backups ? jobs.map((j) => j.status).join(', ') : state === before ? 'as before' : 'CHANGED',
      });
    },
  );
}
