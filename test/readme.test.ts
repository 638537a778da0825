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

test('the README quick start is the two commands the contract names, and they exist', (t) => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  t.true(readme.includes('npm install && npm start'));
  t.true(readme.includes('npm test'));
  t.truthy(scripts.start, 'npm start');
  t.truthy(scripts.test, 'npm test');
});

test('every `npm run X` the README names is a script of package.json, and every script is documented', (t) => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const named = new Set([...readme.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1] ?? ''));
  t.true(named.size > 0);
  for (const name of named) t.truthy(scripts[name], `README names npm run ${name}`);
  // Lifecycle scripts npm runs by itself, and the ones run as `npm <name>`, need no `npm run` line.
  const implicit = new Set(['prepare', 'start', 'test']);
  for (const name of Object.keys(scripts).filter((n) => !implicit.has(n)))
    t.true(named.has(name), `package.json script ${name} is not in the README`);
});

test('the README scenario table lists every shipped lab scenario (npm run docs regenerates it)', (t) => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  t.is(readme, withScenarioTable(readme, shippedScenarios()));
});
