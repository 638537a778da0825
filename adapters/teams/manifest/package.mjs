// Builds the Teams app package: a zip whose root holds manifest.json, color.png and outline.png.
//   node adapters/teams/manifest/package.mjs --app-id <Microsoft App ID> [--version 1.2.3] [--out FILE]
// The app id goes into both `id` and `bots[0].botId` (one registration serves both). Plain Node (zlib),
// so packaging needs no dependency and runs in CI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './png.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const { values } = parseArgs({
  options: {
    'app-id': { type: 'string' },
    version: { type: 'string' },
    out: { type: 'string', default: join(root, 'dist', 'teams-app.zip') },
  },
});

const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const appId = values['app-id'];
if (appId !== undefined && !GUID.test(appId)) {
  console.error(`--app-id must be the bot's Microsoft App ID (a GUID), not "${appId}"`);
  process.exit(2);
}
if (appId === undefined)
  console.error('warning: no --app-id; the package carries a placeholder id Teams will refuse');
if (appId) {
  manifest.id = appId;
  for (const bot of manifest.bots) bot.botId = appId;
}
if (values.version) manifest.version = values.version;

const files = [
  ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
  ['color.png', readFileSync(join(here, 'color.png'))],
  ['outline.png', readFileSync(join(here, 'outline.png'))],
];
writeFileSync(mkdirp(values.out), zip(files));
console.log(`wrote ${values.out}`);

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
