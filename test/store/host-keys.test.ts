import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, storeCases } from '../helpers/stores.js';

const at = (iso: string) => new Date(iso);

for (const { kind, test } of storeCases()) {
  test(`${kind}: a host key is stored and audited once; a later different key gets the stored one back`, async (t) => {
    const store = await openStore(await freshStoreUrl(kind), new Redactor());
    t.teardown(() => store.close());
    t.is(
      await store.hostKeys.remember('prod', 'ise-pan1', 'SHA256:first', at('2026-11-26T10:00:00Z')),
      'SHA256:first',
    );
    t.is(
      await store.hostKeys.remember('prod', 'ise-pan1', 'SHA256:second', at('2026-11-26T11:00:00Z')),
      'SHA256:first',
      'the caller learns the stored key and refuses the other',
    );
    await store.hostKeys.refused(
      'prod',
      'ise-pan1',
      'SHA256:first',
      'SHA256:second',
      at('2026-11-26T11:00:00Z'),
    );
    const audit = await store.audit.latest(10);
    t.deepEqual(
      audit.map((e) => [e.action, e.target, e.outcome, e.detail]),
      [
        ['hostkey.refused', 'prod/ise-pan1', 'refused', 'expected SHA256:first, offered SHA256:second'],
        ['hostkey.trusted', 'prod/ise-pan1', 'ok', 'first use: SHA256:first'],
      ],
    );
  });

  test(`${kind}: stored host keys are listed per deployment and forgotten one node at a time`, async (t) => {
    const store = await openStore(await freshStoreUrl(kind), new Redactor());
    t.teardown(() => store.close());
    await store.hostKeys.remember('prod', 'ise-psn1', 'SHA256:psn', at('2026-11-26T10:00:00Z'));
    await store.hostKeys.remember('prod', 'ise-pan1', 'SHA256:pan', at('2026-11-26T10:00:00Z'));
    await store.hostKeys.remember('lab', 'ise-pan1', 'SHA256:lab', at('2026-11-26T10:00:00Z'));
    t.deepEqual(
      (await store.hostKeys.list('prod')).map((k) => `${k.hostname} ${k.fingerprint} ${k.at.toISOString()}`),
      ['ise-pan1 SHA256:pan 2026-11-26T10:00:00.000Z', 'ise-psn1 SHA256:psn 2026-11-26T10:00:00.000Z'],
    );
    t.is(await store.hostKeys.forget('prod', 'ise-pan1'), 'SHA256:pan');
    t.is(await store.hostKeys.forget('prod', 'ise-pan1'), undefined);
    t.is(await store.hostKeys.get('lab', 'ise-pan1'), 'SHA256:lab', 'other deployments keep theirs');
    t.is(
      await store.hostKeys.remember('prod', 'ise-pan1', 'SHA256:new', at('2026-11-27T10:00:00Z')),
      'SHA256:new',
      'after forgetting, the next key is stored',
    );
  });
}
