import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { parseConfig } from '../../src/config/load.js';
import type { Lab } from '../../src/lab/lab.js';
import { replyToJson } from '../../src/reply/model.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from './services.js';

/** A reply in its JSON form (CONTRACTS.md), as `run "<text>" --json` prints it. */
export type JsonReply = ReturnType<typeof replyToJson>;

/**
 * Chat with the bot against a running lab as the console user would: the config the lab writes,
 * everyone a viewer, an in-memory store, the real services and dispatcher. Returns a function that
 * runs one chat command and gives its JSON reply; the services close when the test ends.
 */
export async function labChat(
  t: ExecutionContext,
  lab: Lab,
  /** Changes to the lab's raw config (and a folder for files it names) before validation. */
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into the raw config before validation
  patch: (raw: any, dir: string) => void = () => {},
): Promise<(text: string) => Promise<JsonReply>> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-chat-'));
  const raw = { ...lab.configFor(dir), access: { viewers: ['*'] }, store: { url: 'sqlite::memory:' } };
  patch(raw, dir);
  const loaded = parseConfig(raw, {}, undefined, dir);
  const services = await createServices(loaded, { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  return async (text) =>
    replyToJson(await dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text }));
}
