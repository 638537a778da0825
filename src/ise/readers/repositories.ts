import type { RunningConfig } from '../cli/parsers/index.js';
import type { Repository } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

interface RepositoryJson {
  name: string;
  protocol: string;
  serverName?: string;
  path?: string;
}

/** 3.1+: the repository API (ise-rest-api.md §7d). */
export async function readRepositoriesOpenApi(ctx: ReadContext): Promise<Repository[]> {
  const body = await ctx.getJson<{ response?: RepositoryJson[] }>('openapi', '/api/v1/repository');
  return (body.response ?? []).map((r) => ({
    name: r.name,
    protocol: r.protocol,
    ...(r.serverName === undefined ? {} : { serverName: r.serverName }),
    ...(r.path === undefined ? {} : { path: r.path }),
  }));
}

/** Before 3.1: the repositories in the PAN's `show running-config` (§11: CLI only). */
export function repositoriesFromRunningConfig(config: RunningConfig): Repository[] {
  return config.repositories.map((r) => {
    const where = locate(r.url);
    return { name: r.name, protocol: r.protocol ?? 'UNKNOWN', ...where };
  });
}

/** Server and path of a repository URL (`sftp://10.1.1.5/backups`, `disk:/`, `nfs://host:/export`). */
function locate(url: string | undefined): { serverName?: string; path?: string } {
  const m = /^[a-z]+:(?:\/\/([^/:]*):?)?(\/.*)?$/i.exec(url ?? '');
  if (!m) return {};
  return { ...(m[1] ? { serverName: m[1] } : {}), ...(m[2] ? { path: m[2] } : {}) };
}
