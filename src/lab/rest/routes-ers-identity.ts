import { ersSearchResult } from './ers-paging.js';
import { labId } from './ids.js';
import { ers, ersError, type LabRoute, selfLink } from './types.js';

/** Sponsor groups and Active Directory join points over ERS (2.2+, ise-rest-api.md §4, §9b). */
export const ersIdentityRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/sponsorgroup\/?$/,
    handle: (request) =>
      ersSearchResult(
        request,
        '/ers/config/sponsorgroup',
        request.scenario.sponsorGroups.map((name) => ({
          id: labId('sponsorgroup', name),
          name,
          description: name.endsWith('(default)') ? 'Default sponsor group' : '',
        })),
      ),
  },
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/activedirectory\/?$/,
    handle: (request) =>
      ersSearchResult(
        request,
        '/ers/config/activedirectory',
        request.scenario.activeDirectory.map((ad) => ({
          id: labId('activedirectory', ad.name),
          name: ad.name,
          description: ad.description,
        })),
      ),
  },
  {
    method: 'GET',
    family: 'ers',
    path: /^\/ers\/config\/activedirectory\/(?<id>[0-9a-f-]{36})$/,
    handle: (request, { id = '' }) => {
      const ad = request.scenario.activeDirectory.find((a) => labId('activedirectory', a.name) === id);
      if (!ad)
        return ersError(
          404,
          'GET-getById-activedirectory',
          `Resource with id ${id} not found`,
          'Resource not found exception',
        );
      // The SDK models' casing (`adgroups`, `advancedSettings`); the spec example differs (§9b).
      return ers({
        ERSActiveDirectory: {
          id,
          name: ad.name,
          description: ad.description,
          domain: ad.domain,
          enableDomainWhiteList: true,
          adgroups: { groups: [{ name: `${ad.domain}/Users/Domain Users`, sid: 'S-1-5-21-1-2-3-513' }] },
          advancedSettings: { enableMachineAuth: true, agingTime: 5, schema: 'ACTIVE_DIRECTORY' },
          adScopesNames: 'Default_Scope',
          link: selfLink(`${request.origin}/ers/config/activedirectory/${id}`),
        },
      });
    },
  },
];
