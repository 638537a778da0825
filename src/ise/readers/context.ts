import type { IseAccess } from '../access.js';
import type { NodeInfo } from '../nodes.js';
import { compareRelease, type IseRelease } from '../release.js';
import type { RequestOptions } from '../rest/client.js';
import type { DeploymentInfo } from '../rest/deployment-info.js';
import type { ApiFamily, RestEndpoint } from '../rest/endpoint.js';
import { type ErsResource, ersListAll } from '../rest/ers.js';

/**
 * What every reader of one collection shares: the access layer, the release (learned first), the
 * signal, and memoised reads several parts need (the node list, deploymentinfo, library conditions).
 */
export class ReadContext {
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly access: IseAccess,
    readonly release: IseRelease,
    readonly signal: AbortSignal | undefined,
    readonly nodes: () => Promise<NodeInfo[]>,
  ) {}

  /** True from `release` on (`3.1`, `2.7`). */
  atLeast(release: string): boolean {
    return compareRelease(this.release.release, release) >= 0;
  }

  /** The PAN's endpoint for a family, on the port this release serves it on. */
  pan(family: ApiFamily): RestEndpoint {
    return this.access.endpoint(family, undefined, this.release.release);
  }

  options(family: ApiFamily): RequestOptions {
    return { family, ...(this.signal === undefined ? {} : { signal: this.signal }) };
  }

  getJson<T>(family: ApiFamily, path: string, endpoint: RestEndpoint = this.pan(family)): Promise<T> {
    return this.access.rest.getJson<T>(endpoint, path, this.options(family));
  }

  ersList(collection: string): Promise<ErsResource[]> {
    return ersListAll(
      this.access.rest,
      this.pan('ers'),
      collection,
      this.signal === undefined ? {} : { signal: this.signal },
    );
  }

  /** `getAllInfo` is large and feeds several parts on 2.7/3.0: read once per collection. */
  deploymentInfo(): Promise<DeploymentInfo> {
    return this.once('deploymentinfo', () =>
      this.getJson<DeploymentInfo>('ers', '/ers/config/deploymentinfo/getAllInfo'),
    );
  }

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let hit = this.#memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = read();
      this.#memo.set(key, hit);
    }
    return hit;
  }
}
