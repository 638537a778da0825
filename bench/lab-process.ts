/**
 * The lab in its own process, as ISE is its own machine: its TLS, SSH and latency timers then use the
 * second core instead of the bot's event loop, and the bot's RSS is the bench process's alone.
 * Driven by bench/lab-client.ts over the IPC channel.
 */
import { Lab } from '../src/lab/lab.js';
import { loadScenario } from '../src/lab/scenario.js';
import type { LabReply, LabRequest } from './lab-protocol.js';

let lab: Lab | undefined;

async function handle(request: LabRequest): Promise<LabReply> {
  switch (request.type) {
    case 'start': {
      const scenario = loadScenario(request.scenario);
      scenario.latency = request.latency;
      if (request.nodes) {
        const keep = new Set(request.nodes);
        scenario.nodes = scenario.nodes.filter((n) => keep.has(n.hostname));
      }
      lab = await Lab.start({ scenario });
      return { type: 'started', config: lab.configFor(request.dir), nodes: scenario.nodes.length };
    }
    case 'stats': {
      if (!lab) throw new Error('lab not started');
      return {
        type: 'stats',
        rest: Object.fromEntries(lab.stats.rest),
        restCalls: lab.stats.calls.length,
        ssh: lab.sshStats(),
      };
    }
    case 'reset':
      lab?.resetStats();
      return { type: 'done' };
    case 'close':
      await lab?.close();
      lab = undefined;
      return { type: 'done' };
  }
}

process.on('message', (message: { id: number; request: LabRequest }) => {
  handle(message.request).then(
    (reply) => process.send?.({ id: message.id, reply }),
    (error: unknown) => process.send?.({ id: message.id, error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
