import test from 'ava';
import { apiAvailable, apiSince, gateForPath } from '../../src/ise/api-gates.js';

test('the deployment and license OpenAPI arrive in 3.1 patch 1, certificates in 3.1 itself', (t) => {
  t.false(apiAvailable('deployment', { release: '3.1', patch: 0 }));
  t.true(apiAvailable('deployment', { release: '3.1', patch: 1 }));
  t.true(apiAvailable('deployment', { release: '3.2', patch: 0 }));
  t.false(apiAvailable('license', { release: '3.0', patch: 9 }));
  t.true(apiAvailable('certificates', { release: '3.1', patch: 0 }));
  t.is(apiSince('deployment'), '3.1 patch 1');
});

test('an unknown patch does not open a patch-gated API', (t) => {
  t.false(apiAvailable('deployment', { release: '3.1', patch: undefined }));
  t.true(apiAvailable('deployment', { release: '3.2', patch: undefined }));
});

test('a path maps to its most specific gate', (t) => {
  t.is(gateForPath('openapi', '/api/v1/deployment/pan-ha')?.api, 'pan-ha');
  t.is(gateForPath('openapi', '/api/v1/deployment/node')?.api, 'deployment');
  t.is(gateForPath('ers', '/ers/config/deploymentinfo/getAllInfo')?.api, 'deploymentinfo');
  t.is(gateForPath('ers', '/ers/config/node'), undefined);
});
