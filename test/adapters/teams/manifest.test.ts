import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import test from 'ava';

const dir = 'adapters/teams/manifest';
/** Microsoft's published schema for the manifest version we declare (see schema/SOURCE.md). */
const SCHEMA = join(dir, 'schema', 'MicrosoftTeams.v1.24.schema.json');

/** The manifest's schema errors, as "path message" lines (empty when valid). */
function schemaErrors(manifest: unknown): string[] {
  // CommonJS packages: their default export is the module object under NodeNext.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/** Runs the package script as `npm run teams:package` does, with no app id from the environment. */
function runPackage(args: string[], env: Record<string, string> = {}) {
  const { TEAMS_APP_ID: _a, TEAMS_BOT_ID: _b, ...rest } = process.env;
  return spawnSync(process.execPath, [join(dir, 'package.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...rest, ...env },
  });
}
const CHAT_COMMANDS = [
  'help',
  'readiness',
  'check',
  'certs',
  'nodes',
  'backup',
  'checklist',
  'ack',
  'subscribe',
  'subscriptions',
  'unsubscribe',
];

/** The entries of a zip, read from its central directory. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(zip.subarray(start, start + size)));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

function pngSize(png: Buffer | undefined): [number, number] {
  return png ? [png.readUInt32BE(16), png.readUInt32BE(20)] : [0, 0];
}

test('the manifest offers the bot in teams, chats and personally, with the chat commands', (t) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const [bot] = manifest.bots;
  t.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
  t.deepEqual(
    bot.commandLists[0].commands.map((c: { title: string }) => c.title),
    CHAT_COMMANDS,
  );
  for (const c of bot.commandLists[0].commands) t.true(c.title.length <= 32 && c.description.length <= 128);
});

test('the manifest is valid against the published schema of its manifestVersion', (t) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  t.is(manifest.manifestVersion, '1.24');
  t.is(
    manifest.$schema,
    'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json',
  );
  t.deepEqual(schemaErrors(manifest), []);
});

test('the schema check catches what broke the install before: more commands than the list allows', (t) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const commands = manifest.bots[0].commandLists[0].commands;
  while (commands.length <= 12) commands.push({ title: `extra${commands.length}`, description: 'x' });
  t.true(schemaErrors(manifest).some((e) => e.includes('commandLists/0/commands') && e.includes('12')));
});

test('the package script zips manifest and icons at the root, with the app id filled in and a valid manifest', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'teams-pkg-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const appId = '11111111-2222-3333-4444-555555555555';
  const file = join(out, 'teams-app.zip');
  const run = runPackage(['--app-id', appId, '--version', '1.2.3', '--out', file]);
  t.is(run.status, 0, run.stderr);
  const entries = unzip(readFileSync(file));
  t.deepEqual([...entries.keys()], ['manifest.json', 'color.png', 'outline.png']);
  const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}');
  t.is(manifest.id, appId);
  t.is(manifest.bots[0].botId, appId);
  t.is(manifest.version, '1.2.3');
  t.deepEqual(schemaErrors(manifest), []);
  t.deepEqual(pngSize(entries.get('color.png')), [192, 192]);
  t.deepEqual(pngSize(entries.get('outline.png')), [32, 32]);
});

test('the app id may come from TEAMS_APP_ID, and a separate bot registration from --bot-id', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'teams-pkg-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const file = join(out, 'app.zip');
  const appId = 'aaaaaaaa-2222-3333-4444-555555555555';
  const botId = 'bbbbbbbb-2222-3333-4444-555555555555';
  const run = runPackage(['--bot-id', botId, '--out', file], { TEAMS_APP_ID: appId });
  t.is(run.status, 0, run.stderr);
  const manifest = JSON.parse(unzip(readFileSync(file)).get('manifest.json')?.toString('utf8') ?? '{}');
  t.is(manifest.id, appId);
  t.is(manifest.bots[0].botId, botId);
  t.deepEqual(schemaErrors(manifest), []);
});

test('the package script refuses a missing, malformed or placeholder id and writes nothing', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'teams-pkg-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const file = join(out, 'teams-app.zip');
  const zero = '00000000-0000-0000-0000-000000000000';
  const real = '11111111-2222-3333-4444-555555555555';
  const cases: Array<[string[], RegExp]> = [
    [[], /no app id/],
    [['--app-id', zero], /placeholder/],
    [['--app-id', 'my-bot'], /must be the bot's Microsoft App ID \(a GUID\)/],
    [['--app-id', real, '--bot-id', zero], /bot id .*placeholder/],
  ];
  for (const [args, message] of cases) {
    const run = runPackage([...args, '--out', file]);
    t.not(run.status, 0, args.join(' '));
    t.regex(run.stderr, message);
    t.false(existsSync(file), 'no package written');
  }
});
