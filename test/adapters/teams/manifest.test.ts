import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import test from 'ava';

const dir = 'adapters/teams/manifest';
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

test('the package script zips manifest and icons at the root, with the app id filled in', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'teams-pkg-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const appId = '11111111-2222-3333-4444-555555555555';
  const file = join(out, 'teams-app.zip');
  execFileSync(process.execPath, [join(dir, 'package.mjs'), '--app-id', appId, '--out', file], {
    stdio: 'pipe',
  });
  const entries = unzip(readFileSync(file));
  t.deepEqual([...entries.keys()], ['manifest.json', 'color.png', 'outline.png']);
  const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}');
  t.is(manifest.id, appId);
  t.is(manifest.bots[0].botId, appId);
  t.deepEqual(pngSize(entries.get('color.png')), [192, 192]);
  t.deepEqual(pngSize(entries.get('outline.png')), [32, 32]);
});
