import { type LabRoute, openApi, openApiError } from './types.js';

/** Repositories (3.1+, ise-rest-api.md §7d). Passwords are never returned (INFERENCE there). */
export const repositoryRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/repository\/?$/,
    handle: ({ scenario }) =>
      openApi(
        scenario.repositories.map((r) => ({
          name: r.name,
          protocol: r.protocol,
          path: r.path,
          ...(r.serverName === undefined ? {} : { serverName: r.serverName }),
          ...(r.userName === undefined ? {} : { userName: r.userName }),
          ...(r.protocol === 'SFTP' ? { enablePki: false } : {}),
        })),
      ),
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/repository\/(?<name>[^/]+)\/files\/?$/,
    handle: ({ scenario }, { name = '' }) => {
      const repo = scenario.repositories.find((r) => r.name === decodeURIComponent(name));
      if (!repo) return openApiError(404, `Repository ${name} does not exist`);
      if (!repo.reachable) return openApiError(500, `Failed to list files in repository ${name}`);
      return openApi(repo.files);
    },
  },
];
