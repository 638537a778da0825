import type { AdJoinPoint } from '../snapshot/types.js';
import type { ReadContext } from './context.js';

interface AdDetail {
  ERSActiveDirectory?: { name?: string; domain?: string };
}

/** AD join points: the ERS list, then each one for its domain (2.2+, ise-rest-api.md §9b). */
export async function readAdJoinPoints(ctx: ReadContext): Promise<AdJoinPoint[]> {
  const list = await ctx.ersList('/ers/config/activedirectory');
  return Promise.all(
    list.map(async (ad) => {
      const detail = await ctx.getJson<AdDetail>(
        'ers',
        `/ers/config/activedirectory/${encodeURIComponent(ad.id)}`,
      );
      return {
        name: detail.ERSActiveDirectory?.name ?? ad.name,
        domain: detail.ERSActiveDirectory?.domain ?? '',
      };
    }),
  );
}
