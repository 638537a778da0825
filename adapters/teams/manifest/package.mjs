// Builds the Teams app package: a zip whose root holds manifest.json, color.png and outline.png.
//   npm run teams:package -- --app-id <Microsoft App ID> [--bot-id <id>] [--version 1.2.3] [--out FILE]
// The app id comes from --app-id or TEAMS_APP_ID; it goes into `id` and, unless --bot-id (or
// TEAMS_BOT_ID) names another registration, into `bots[0].botId`. A missing, malformed or placeholder
// (all-zero) id is refused with exit code 2: Teams would refuse such a package at upload. Plain Node
// (zlib), so packaging needs no dependency and runs in CI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './png.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The all-zero GUID manifest.json ships with, and any other id made only of zeros. */
const PLACEHOLDER = /^[0-]+$/;

const { values } = parseArgs({
  options: {
    'app-id': { type: 'string' },
    'bot-id': { type: 'string' },
    version: { type: 'string' },
    out: { type: 'string', default: join(root, 'dist', 'teams-app.zip') },
  },
});

const appId = (values['app-id'] ?? process.env.TEAMS_APP_ID ?? '').trim();
const botId = (values['bot-id'] ?? process.env.TEAMS_BOT_ID ?? appId).trim();
const problems = [
  idProblem('app id', '--app-id or TEAMS_APP_ID', appId),
  ...(botId === appId ? [] : [idProblem('bot id', '--bot-id or TEAMS_BOT_ID', botId)]),
].filter(Boolean);
if (problems.length > 0) {
  for (const problem of problems) console.error(`teams:package: ${problem}`);
  console.error('Usage: npm run teams:package -- --app-id <Microsoft App ID> [--version 1.0.0] [--out FILE]');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
manifest.id = appId;
for (const bot of manifest.bots) bot.botId = botId;
if (values.version) manifest.version = values.version;

const files = [
  ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
  ['color.png', readFileSync(join(here, 'color.png'))],
  ['outline.png', readFileSync(join(here, 'outline.png'))],
];
writeFileSync(mkdirp(values.out), zip(files));
console.log(`wrote ${values.out}`);

/** Why an id cannot go into the package, or undefined when it can. */
function idProblem(what, where, id) {
  if (id === '') return `no ${what}: pass the bot's Microsoft App ID (a GUID) with ${where}`;
  if (!GUID.test(id)) return `the ${what} must be the bot's Microsoft App ID (a GUID), not "${id}"`;
  if (PLACEHOLDER.test(id))
    return `the ${what} ${id} is the placeholder: Teams refuses it; pass your bot's Microsoft App ID`;
  return undefined;
}

function mkdirp(file) {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  return file;
}

/** A minimal ZIP (deflate, no extras), with a fixed timestamp so the same inputs give the same bytes. */
function zip(entries) {
  const DOS_DATE = (1 << 5) | 1; // 1980-01-01
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
