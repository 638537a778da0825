import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runBin, runCli } from '../../helpers/io.js';
import { pngHeader } from '../../helpers/png.js';

// `--png FILE` is how the CLI shows a picture: the built bin against the demo lab, as a person runs it.

interface ImageJson {
  name: string;
  alt: string;
  width: number;
  height: number;
}

test('run "certs 365" --png FILE writes the certificate timeline as a PNG of the size the reply gives', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'png-'));
  const ran = await runBin(['run', 'certs 365', '--json', '--png', 'certs.png'], dir);
  t.is(ran.code, 1, ran.stderr); // the demo's expired trusted CA fails the reply
  const reply = JSON.parse(ran.stdout) as { images?: ImageJson[] };
  const image = reply.images?.[0];
  t.is(image?.name, 'certificates.png');
  t.regex(image?.alt ?? '', /Timeline of \d+ certificates of ise-3-3 .* 1 expired/);
  const header = pngHeader(readFileSync(join(dir, 'certs.png')));
  t.true(header.signature, 'the file starts with the PNG signature and an IHDR chunk');
  t.is(header.width, image?.width ?? -1);
  t.is(header.height, image?.height ?? -1);
  t.true(header.width >= 1000 && header.height >= 150);
});

test('the text reply names the picture and where it was written; a reply without one writes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'png-'));
  const certs = await runCli(['run', 'certs 30', '--png', 'timeline.png'], { cwd: dir });
  const file = join(dir, 'timeline.png');
  const { width, height } = pngHeader(readFileSync(file));
  t.true(certs.stdout.includes(`picture: certificates.png written to ${file} (${width}×${height} px)`));
  const nodes = await runCli(['run', 'nodes', '--png', 'nodes.png'], { cwd: dir });
  t.is(nodes.code, 0);
  t.regex(nodes.stderr, /This reply has no picture: nodes\.png was not written/);
  t.throws(() => readFileSync(join(dir, 'nodes.png')));
});
