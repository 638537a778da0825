import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PROJECT_ROOT } from '../src/paths.js';
import { withTable } from '../tools/update-readme.js';

test('the README command table matches the command definitions (npm run docs regenerates it)', (t) => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  t.is(readme, withTable(readme));
});

test('the README quick start is the two commands the contract names', (t) => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  t.true(readme.includes('npm install && npm start'));
  t.true(readme.includes('npm test'));
});
