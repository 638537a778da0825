import test from 'ava';
import type { LabFaults } from '../../src/lab/faults.js';
import { FaultTable, lastSlackText, stateOf } from './fault-table.js';
import { ADMIN, type LabBot, labBot } from './helpers.js';

const table = new FaultTable('ISE REST faults (Slack → dispatcher → ISE REST on the demo lab)');
test.after.always(() => table.print());

const CASES: Array<{ fault: string; faults: LabFaults; expect: RegExp }> = [
  {
    fault: 'REST down (connections reset)',
    faults: { rest: [{ reset: true }] },
    expect: /connection to .* failed \(ECONNRESET\)/,
  },
  {
    fault: 'REST slow past the timeout',
    faults: { rest: [{ hang: true }] },
    expect: /did not answer within 1 s/,
  },
  { fault: 'REST 401', faults: { rest: [{ status: 401 }] }, expect: /failed with 401.*ISE rejected/ },
  {
    fault: 'REST 429 storm',
    faults: { rest: [{ status: 429, retryAfterSeconds: 0 }] },
    expect: /failed with 429/,
  },
  { fault: 'REST malformed JSON', faults: { rest: [{ malformed: true }] }, expect: /not valid/ },
];

async function restBot(t: import('ava').ExecutionContext): Promise<LabBot> {
  return labBot(t, {
    patch: (_raw, deployment) => {
      (deployment.rest as Record<string, unknown>).timeoutMs = 1000;
    },
  });
}

for (const c of CASES) {
  test.serial(
    `${c.fault}: the user is told the cause, nothing is lost, and the bot recovers by itself`,
    async (t) => {
      const bot = await restBot(t);
      await bot.dispatcher.dispatch({
        platform: 'slack',
        user: `slack:${ADMIN}`,
        channel: 'slack:C1',
        text: 'subscribe certs "0 9 * * *"',
      });
      const before = await stateOf(bot);
      await bot.lab.setFaults(c.faults);
      const during = lastSlackText(await bot.slash('nodes', ADMIN, `C_${table.rows.length}`));
      t.regex(during, c.expect);
      await bot.lab.setFaults({});
      const after = lastSlackText(await bot.slash('nodes', ADMIN, `C_${table.rows.length}`));
      t.regex(after, /5 nodes in demo/);
      const state = await stateOf(bot);
      t.is(state, before);
      t.deepEqual(table.crashes, []);
      table.add({
        fault: c.fault,
        command: 'nodes',
        during,
        after,
        state: state === before ? 'as before' : 'CHANGED',
      });
    },
  );
}
