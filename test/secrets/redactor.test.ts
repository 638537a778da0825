import { inspect } from 'node:util';
import test from 'ava';
import { Redactor, Secret } from '../../src/secrets.js';

test('a secret with quotes and backslashes is redacted inside a structured reply too', (t) => {
  const secret = 'Pa"ss\\word9';
  const redactor = new Redactor().add(secret);
  const reply = {
    title: `ISE said: key ${secret}`,
    sections: [{ blocks: [{ items: [`x ${secret} y`] }] }],
    n: 3,
  };
  const out = redactor.redactDeep(reply);
  t.false(JSON.stringify(out).includes('ss\\\\word9'));
  t.is(out.title, 'ISE said: key [redacted]');
  t.deepEqual(out.sections[0]?.blocks[0]?.items, ['x [redacted] y']);
  t.is(out.n, 3);
});

test('a Secret never shows by printing, inspecting or JSON-encoding it', (t) => {
  const s = new Secret('Backup0Key9');
  t.is(`${s}`, '[redacted]');
  t.is(JSON.stringify({ s }), '{"s":"[redacted]"}');
  t.is(inspect({ s }), '{ s: [redacted] }');
  t.is(s.reveal(), 'Backup0Key9');
});

test('longer secrets are replaced first, so one inside another leaves no fragment', (t) => {
  const redactor = new Redactor().add('abcd').add('xxabcdyy');
  t.is(redactor.redact('xxabcdyy and abcd'), '[redacted] and [redacted]');
});
