/**
 * `npm run bench` (issue 11): readiness of the 58-node `large` lab against its critical path and a
 * sequential baseline, logins and REST calls per node, Slack ack latency during a run, the certificate
 * scan, the bot's peak RSS and "20 users at once" (issue 17), printed beside their targets and written
 * to bench/results.json. Exits 1 when a target is missed. The lab runs in a child process. Readiness
 * runs in this process; the Slack phases run the compiled bot (`ise-chatops start`) in a child process
 * each, whose peak RSS is the figure.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadScenario } from '../src/lab/scenario.js';
import { ackRun } from './acks.js';
import { buildBot } from './bot-process.js';
import { certScan, generateCertificates } from './certs.js';
import { criticalPath } from './critical-path.js';
import { crowdRun } from './crowd.js';
import { RemoteLab } from './lab-client.js';
import { benchOptions } from './options.js';
import { readinessRun } from './readiness.js';
import { perNodeTable, type Target, targetsTable } from './report.js';
import { sequentialBaseline } from './sequential.js';
import { median, round } from './stats.js';

const SCENARIO = 'large';
const benchStarted = performance.now();
const options = benchOptions(process.argv.slice(2));
const say = (text: string) =>
  console.log(`[${round((performance.now() - benchStarted) / 1000, 1)} s] ${text}`);

say('building the bot (tsc, as npm install does)…');
const build = await buildBot();
if (build.warnings) console.log(`tsc reported type errors; measuring what it emitted:\n${build.warnings}`);
say(`starting the ${SCENARIO} lab (child process)…`);
const { lab, config, nodes } = await RemoteLab.start(SCENARIO, options.latency);
const runs = [];
let acks: Awaited<ReturnType<typeof ackRun>>;
let crowd: Awaited<ReturnType<typeof crowdRun>>;
try {
  for (let i = 0; i < options.runs; i++) {
    const run = await readinessRun(lab, config);
    const panRest = Object.values(run.lab.rest).reduce(
      (most, r) => Math.max(most, r.ers + r.openapi + r.mnt),
      0,
    );
    const path = criticalPath(options.latency, run.lab.ssh, panRest, run.restConcurrency);
    runs.push({ ...run, criticalPath: path, ratio: run.wallMs / path.ms });
    say(`readiness ${i + 1}/${options.runs}: ${round(run.wallMs)} ms (critical path ${path.ms} ms)`);
  }
  say(`Slack acks while a readiness run is in flight (one /ise nodes every ${options.ackIntervalMs} ms)…`);
  acks = await ackRun(lab, config, options.ackIntervalMs);
  say(
    `acks: ${acks.samples} requests, p99 ${round(acks.p99Ms)} ms, bot peak RSS ${round(acks.peakRssMb ?? 0)} MB`,
  );
  say('20 users at once: one /ise readiness alone, then 20 from 20 users in 20 channels…');
  crowd = await crowdRun(lab, config);
  say(
    `20 users: alone ${round(crowd.oneMs)} ms, the 20th answer ${round(crowd.lastMs)} ms, bot peak RSS ${round(crowd.peakRssMb ?? 0)} MB`,
  );
} finally {
  await lab.close();
}

const parallelMs = median(runs.map((r) => r.wallMs));
const sequential = await sequentialBaseline(SCENARIO, options, nodes, say);
const scenarioNodes = loadScenario(SCENARIO).nodes.map((n) => n.hostname);
const certs = certScan(generateCertificates(options.certificates, scenarioNodes, new Date()), nodes);
say(`certificate scan: ${certs.certificates} certificates in ${round(certs.ms, 1)} ms`);
const peakRssMb = acks.peakRssMb;
const benchRssMb = process.resourceUsage().maxRSS / 1024;

const loginsOk = runs.every(
  (r) =>
    Object.keys(r.lab.ssh).length === nodes &&
    Object.values(r.lab.ssh).every((s) => s.logins === 1) &&
    Object.values(r.poolLogins).every((n) => n === 1),
);
const loginCounts = runs.flatMap((r) => Object.values(r.lab.ssh).map((s) => s.logins));
const [fewest, most] = [Math.min(...loginCounts), Math.max(...loginCounts)];
const loginRange = fewest === most ? String(most) : `${fewest}-${most}`;
const ratio = median(runs.map((r) => r.ratio));
const crowdLogins = Object.values(crowd.logins);
const crowdLoginsOk = crowdLogins.length === nodes && crowdLogins.every((n) => n === 1);
const crowdRange =
  Math.min(...crowdLogins) === Math.max(...crowdLogins)
    ? String(Math.max(...crowdLogins))
    : `${Math.min(...crowdLogins)}-${Math.max(...crowdLogins)}`;
const crowdRatio = crowd.lastMs / crowd.oneMs;
const seqRatio = parallelMs / sequential.wallMs;
const targets: Target[] = [
  {
    name: 'readiness wall / critical path',
    figure: `${round(ratio, 2)} (${round(parallelMs / 1000, 2)} s / ${round((runs[0]?.criticalPath.ms ?? 0) / 1000, 2)} s)`,
    target: '≤ 1.3',
    pass: ratio <= 1.3,
  },
  {
    name: 'parallel / sequential',
    figure: `${round(seqRatio, 3)} (${round(parallelMs / 1000, 1)} s / ${round(sequential.wallMs / 1000)} s${sequential.extrapolated ? ', extrapolated' : ''})`,
    target: '≤ 0.05',
    pass: seqRatio <= 0.05,
  },
  {
    name: 'SSH logins per node per run',
    figure: `${loginRange} on each of ${nodes} nodes, ${runs.length} runs`,
    target: 'exactly 1',
    pass: loginsOk,
  },
  {
    name: 'Slack ack p99 during a run',
    figure: `${round(acks.p99Ms)} ms (p50 ${round(acks.p50Ms)} ms, ${acks.samples} acks, ${acks.failed} failed)`,
    target: '< 300 ms',
    pass: acks.p99Ms < 300 && acks.failed === 0,
  },
  {
    name: 'bot peak RSS during a run',
    figure: peakRssMb === undefined ? 'not measured (no /proc)' : `${round(peakRssMb)} MB`,
    target: '< 250 MB',
    pass: peakRssMb !== undefined && peakRssMb < 250,
  },
  {
    name: '20 users at once: SSH logins per node',
    figure: `${crowdRange} on each of ${crowdLogins.length} nodes`,
    target: 'exactly 1',
    pass: crowdLoginsOk,
  },
  {
    name: '20 users at once: 20th answer / one run',
    figure: `${round(crowdRatio, 2)} (${round(crowd.lastMs / 1000, 2)} s / ${round(crowd.oneMs / 1000, 2)} s, ${crowd.answered}/${crowd.users} answered)`,
    target: '≤ 1.2',
    pass: crowdRatio <= 1.2 && crowd.answered === crowd.users && crowd.failedAcks === 0,
  },
  {
    name: '20 users at once: bot peak RSS',
    figure: crowd.peakRssMb === undefined ? 'not measured (no /proc)' : `${round(crowd.peakRssMb)} MB`,
    target: '< 250 MB',
    pass: crowd.peakRssMb !== undefined && crowd.peakRssMb < 250,
  },
];

const last = runs.at(-1);
console.log(
  `\nise-chatops bench: lab ${SCENARIO} (${nodes} nodes), ${availableParallelism()} cores, Node ${process.version}`,
);
console.log(
  `latency: REST ${options.latency.restMs} ms, SSH login ${options.latency.sshLoginMs} ms, ` +
    `show application status ${options.latency.slowCommands['^show application status']} ms, ` +
    `other commands ${options.latency.commandMinMs}-${options.latency.commandMaxMs} ms\n`,
);
console.log(targetsTable(targets));
if (last) {
  const p = last.criticalPath;
  console.log(
    `\nreadiness runs (ms): ${runs.map((r) => round(r.wallMs)).join(', ')}; median ${round(parallelMs)}` +
      `\ncritical path ${p.ms} ms = REST before SSH ${p.prefixMs} + ${p.node}'s login and commands ${p.chainMs}` +
      ` (PAN REST at its bound: ${p.panRestMs} ms)`,
  );
  console.log(`sequential baseline (rest.concurrency 1, ssh.concurrency 1): ${sequential.note}`);
  console.log(
    `certificate scan: ${certs.certificates} certificates on ${certs.nodes} nodes: ${round(certs.ms, 1)} ms (median of 5; ${certs.warned} on a ladder rung)`,
  );
  console.log(
    'bot peak RSS: VmHWM of the `ise-chatops start` child process (compiled) over the Slack phase: a readiness ' +
      `run and the /ise nodes jobs; this bench process (TypeScript loader, fake Slack API) peaked at ${round(benchRssMb)} MB`,
  );
  console.log(`\nper node, last run:\n${perNodeTable(last.lab)}`);
}

const results = {
  at: new Date().toISOString(),
  machine: { cores: availableParallelism(), node: process.version },
  scenario: SCENARIO,
  nodes,
  options,
  readiness: {
    runs: runs.map((r) => ({
      wallMs: round(r.wallMs),
      collectMs: r.collectMs,
      checksMs: r.checksMs,
      criticalPathMs: r.criticalPath.ms,
      ratio: round(r.ratio, 3),
      peakSessions: r.peakSessions,
      summary: r.summary,
    })),
    medianWallMs: round(parallelMs),
    criticalPath: last?.criticalPath,
    medianRatio: round(ratio, 3),
  },
  sequential: { ...sequential, ratio: round(seqRatio, 4) },
  perNode: last ? { ssh: last.lab.ssh, rest: last.lab.rest, restCalls: last.lab.restCalls } : undefined,
  acks,
  crowd: { ...crowd, oneMs: round(crowd.oneMs), lastMs: round(crowd.lastMs), ratio: round(crowdRatio, 3) },
  certificates: certs,
  memory: {
    botPeakRssMb: peakRssMb === undefined ? null : round(peakRssMb),
    botProcess: 'ise-chatops start (compiled) in a child process, VmHWM over the Slack phase',
    benchPeakRssMb: round(benchRssMb),
  },
  targets,
  durationS: round((performance.now() - benchStarted) / 1000, 1),
};
writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
say(`results written to ${options.out}`);
if (targets.some((t) => !t.pass)) {
  console.log(
    `missed: ${targets
      .filter((t) => !t.pass)
      .map((t) => t.name)
      .join('; ')}`,
  );
  process.exitCode = 1;
}
