import { json, type LabRoute, openApi } from './types.js';

/** Licensing (3.1 P1+, ise-rest-api.md §8c). connection-type is a bare object, register is enveloped. */
export const licenseRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/license\/system\/connection-type\/?$/,
    handle: ({ scenario }) =>
      json({ connectionType: scenario.licensing.connectionType, state: scenario.licensing.state }),
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/license\/system\/register\/?$/,
    handle: ({ scenario }) =>
      openApi({
        connectionType: scenario.licensing.connectionType,
        registrationState: 'REGISTERED',
        ...(scenario.licensing.ssmOnPremServer === undefined
          ? {}
          : { ssmOnPremServer: scenario.licensing.ssmOnPremServer }),
        tier: ['ESSENTIAL', 'ADVANTAGE'],
      }),
  },
];
