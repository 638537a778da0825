import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import {
  ConfigError,
  type Env,
  findConfigFile,
  type LoadedConfig,
  loadConfigFile,
  parseConfig,
} from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import { Lab } from '../../src/lab/lab.js';
import { DEFAULT_TIME_SCALE } from '../../src/lab/lab-ssh.js';
import { loadScenario } from '../../src/lab/scenario.js';
import { scenarioLines, shippedScenarios } from '../../src/lab/scenario-list.js';
import { type Reply, type ReplyImage, replyToJson } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/text.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { startBot } from '../bot.js';
import { createConsoleAdapter } from '../console/console.js';
import { type Demo, startDemo } from './demo.js';

export interface Io {
  argv: string[];
  env: Env;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage:
  ise-chatops [start] [--config FILE]          run the bot (the lab demo when no config is found)
  ise-chatops run "<chat text>" [--json] [--details] [--png FILE] [--config FILE]
                                               run one chat command and exit (0 ok, 1 failed, 2 usage/config);
                                               --png writes the reply's picture (certs: the timeline) to FILE
  ise-chatops lab [--scenario NAME] [--config-out FILE] [--time-scale N]
                                               run the ISE simulator alone and write a config pointing at it;
                                               --time-scale 1 answers as slowly as real ISE, 0.05 twenty times faster
  ise-chatops lab --list                       list the lab scenarios`;

/** The process entry: returns the exit code instead of calling process.exit, so tests can drive it. */
export async function main(io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(io.argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [verb = 'start', ...rest] = positionals;
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (verb) {
      case 'start':
        return await start(io, values.config);
      case 'run':
        if (rest.length === 0) throw new UsageFailure('run needs the chat text, e.g. run "nodes"');
        return await runOnce(io, rest.join(' '), values.config, {
          json: values.json === true,
          details: values.details === true,
          png: values.png,
        });
      case 'lab':
        if (values.list) return listLabScenarios(io);
        return await lab(
          io,
          values.scenario ?? 'demo',
          values['config-out'],
          timeScale(values['time-scale']),
        );
      default:
        throw new UsageFailure(`unknown command "${verb}"`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`Configuration error in ${error.file}:\n  - ${error.problems.join('\n  - ')}\n`);
      return 2;
    }
    if (error instanceof UsageFailure) {
      io.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (isUserError(error)) {
      io.stderr.write(`${error.message}${error.hint ? `\n${error.hint}` : ''}\n`);
      return 2;
    }
    throw error;
  }
}

class UsageFailure extends Error {}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean' },
      details: { type: 'boolean' },
      png: { type: 'string' },
      scenario: { type: 'string' },
      'config-out': { type: 'string' },
      'time-scale': { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The config file, or the demo: labs started in this process and a config pointing at them. */
async function configOrDemo(
  io: Io,
  flag: string | undefined,
): Promise<{ loaded: LoadedConfig; demo?: Demo }> {
  const file = findConfigFile(flag, io.env, io.cwd);
  if (file) return { loaded: loadConfigFile(file, io.env) };
  const demo = await startDemo();
  try {
    return { loaded: parseConfig(demo.config, io.env, undefined, io.cwd), demo };
  } catch (error) {
    await demo.close();
    throw error;
  }
}

async function start(io: Io, configFlag: string | undefined): Promise<number> {
  const { loaded, demo } = await configOrDemo(io, configFlag);
  if (demo) {
    io.stdout.write(
      `${demo.banner}\n` +
        'Type "help" or "/ise nodes"; Ctrl-D to quit. To use a real deployment, copy ise-chatops.example.yaml to ise-chatops.yaml.\n',
    );
  }
  // Pretty on a terminal; otherwise as configured (log.pretty), JSON lines by default.
  const services = await createServices(loaded, io.stdout.isTTY === true ? { pretty: true } : {});
  const chat = loaded.config.slack !== undefined || loaded.config.teams !== undefined;
  // Without chat adapters the console is the bot and input ending ends it; with them, the console is
  // an extra on a terminal and the bot runs until it is told to stop.
  const console =
    !chat || io.stdin.isTTY
      ? createConsoleAdapter({
          input: io.stdin,
          output: io.stdout,
          zone: loaded.config.display.timezone,
        })
      : undefined;
  // Listening for SIGTERM before the bot starts: a deploy that stops a replica still starting gets the
  // same grace as one that stops a running one, not the default kill.
  const stopped = untilStopped(console && !chat ? console.finished : undefined);
  const bot = await startBot(services, {
    listen: demo === undefined,
    extraAdapters: console ? [console] : [],
    schedule: true,
  });
  const signal = await stopped;
  services.log.info({ reason: signal }, 'stopping');
  const { interrupted } = await bot.stop(shutdownGraceMs(io.env));
  if (interrupted > 0) services.log.warn({ interrupted }, 'jobs interrupted by shutdown');
  await closeServices(services);
  await demo?.close();
  return 0;
}

/** Resolves with the reason to stop: SIGTERM, SIGINT, or the end of console input. */
async function untilStopped(inputEnded: Promise<void> | undefined): Promise<string> {
  let stop: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
  void inputEnded?.then(() => stop('end of input'));
  try {
    return await stopped;
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
}

/**
 * How long running jobs (commands and scheduled digests alike) get to finish on SIGTERM before they are
 * aborted: a command is recorded as interrupted, a scheduled fire is given back to another replica.
 */
const SHUTDOWN_GRACE_MS = 20_000;

/** ISE_CHATOPS_SHUTDOWN_GRACE_MS overrides it, to fit the orchestrator's own grace (Kubernetes: 30 s). */
function shutdownGraceMs(env: Env): number {
  const value = Number(env.ISE_CHATOPS_SHUTDOWN_GRACE_MS);
  return env.ISE_CHATOPS_SHUTDOWN_GRACE_MS && Number.isFinite(value) && value >= 0
    ? value
    : SHUTDOWN_GRACE_MS;
}

async function runOnce(
  io: Io,
  text: string,
  configFlag: string | undefined,
  { json, details, png }: { json: boolean; details: boolean; png?: string | undefined },
): Promise<number> {
  const { loaded, demo } = await configOrDemo(io, configFlag);
  const services = await createServices(loaded);
  try {
    const dispatcher = createDispatcher(COMMANDS, services);
    const reply = await dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text });
    const written = png === undefined ? undefined : writePicture(io, reply, png);
    const picture = (image: ReplyImage, i: number) =>
      i === 0 && written
        ? `picture: ${image.name} written to ${written} (${image.width}×${image.height} px)`
        : `picture: ${image.name} (use --png FILE)`;
    io.stdout.write(
      json
        ? `${JSON.stringify(replyToJson(reply), null, 2)}\n`
        : renderText(reply, { details, picture, zone: loaded.config.display.timezone }),
    );
    if (reply.kind === 'usage') return 2;
    return reply.status === 'fail' || reply.status === 'error' || reply.status === 'denied' ? 1 : 0;
  } finally {
    await closeServices(services);
    await demo?.close();
  }
}

/** `--png FILE`: the reply's first picture as FILE; a reply without one leaves no file and says so. */
function writePicture(io: Io, reply: Reply, file: string): string | undefined {
  const image = reply.images?.[0];
  if (!image) {
    io.stderr.write(`This reply has no picture: ${file} was not written.\n`);
    return undefined;
  }
  const path = resolve(io.cwd, file);
  writeFileSync(path, image.png);
  return path;
}

/** `--time-scale`: a positive number, 1 being real ISE's pace. */
function timeScale(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new UsageFailure(
      `--time-scale must be a number above 0 and at most 100 (1 = real time), not "${value}"`,
    );
  return scale;
}

function listLabScenarios(io: Io): number {
  io.stdout.write(
    `Lab scenarios (bin/ise-chatops lab --scenario NAME):\n${scenarioLines(shippedScenarios())
      .map((line) => `  ${line}\n`)
      .join('')}`,
  );
  return 0;
}

async function lab(
  io: Io,
  scenarioName: string,
  configOut: string | undefined,
  scale: number | undefined,
): Promise<number> {
  const running = await Lab.start({
    scenario: loadScenario(scenarioName),
    ...(scale === undefined ? {} : { timeScale: scale }),
  });
  const out = resolve(io.cwd, configOut ?? 'lab.yaml');
  const config = running.configFor(dirname(out));
  writeFileSync(
    out,
    `# Written by ise-chatops lab --scenario ${scenarioName}; valid while that lab runs.\n${stringify(config)}`,
  );
  io.stdout.write(
    `Lab "${running.scenario.name}" (ISE ${running.scenario.version}, ${running.scenario.nodes.length} nodes) is running:\n` +
      `  HTTPS (OpenAPI/MnT) on 127.0.0.1:${running.https.port}, ERS on 127.0.0.1:${running.ers.port}\n` +
      running.sshNodes.map((n) => `  SSH CLI of ${n.hostname} on 127.0.0.1:${n.server.port}\n`).join('') +
      `  time scale ${scale ?? running.scenario.timeScale ?? DEFAULT_TIME_SCALE} (1 = as slow as real ISE; --time-scale to change)\n` +
      `  config written to ${out}\n` +
      `Try: bin/ise-chatops run "nodes" --config ${configOut ?? 'lab.yaml'}\nCtrl-C stops the lab.\n`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await running.close();
  return 0;
}
