import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { shippedScenarios } from '../src/lab/scenario-list.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { withScenarioTable } from '../tools/scenario-table.js';
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

test('the README scenario table lists every shipped lab scenario (npm run docs regenerates it)', (t) => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  t.is(readme, withScenarioTable(readme, shippedScenarios()));
});
