import type { ReadContext } from './context.js';

/** Sponsor group names from the ERS list (2.2+, ise-rest-api.md §4); no detail call is needed. */
export async function readSponsorGroups(ctx: ReadContext): Promise<Array<{ id: string; name: string }>> {
  const groups = await ctx.ersList('/ers/config/sponsorgroup');
  return groups.map((g) => ({ id: g.id, name: g.name }));
}
