import type { PolicyCondition } from '../snapshot/types.js';
import type { ReadContext } from './context.js';
import { readPieces } from './pieces.js';
import type { PartialRead } from './sourced.js';

export interface ConditionJson {
  id?: string;
  name?: string;
  conditionType?: string;
  isNegate?: boolean;
  dictionaryName?: string;
  attributeName?: string;
  attributeValue?: string;
  children?: ConditionJson[];
}

export const POLICY_SCOPES = ['network-access', 'device-admin'] as const;

/** Library conditions of one scope, read once per collection (the policy readers resolve references with them). */
export function libraryConditions(ctx: ReadContext, scope: string): Promise<ConditionJson[]> {
  return ctx.once(`conditions:${scope}`, async () => {
    const body = await ctx.getJson<{ response?: ConditionJson[] }>(
      'openapi',
      `/api/v1/policy/${scope}/condition`,
    );
    return body.response ?? [];
  });
}

/**
 * Library conditions of network access and device admin (policy API, 3.0+: INFERENCE in
 * ise-rest-api.md §0/§3). "Simple" is `LibraryConditionAttributes`, compound the And/Or blocks
 * (INFERENCE, §3); the check decides, this reader keeps ISE's type. Each kind is read on its own.
 */
export async function readConditions(ctx: ReadContext): Promise<PartialRead<PolicyCondition[]>> {
  return readPieces(
    POLICY_SCOPES.map((scope) => ({
      what: `${scope} library conditions`,
      absentOn404: scope === 'device-admin',
      read: async () =>
        (await libraryConditions(ctx, scope)).map(
          (c): PolicyCondition => ({
            id: c.id ?? '',
            name: c.name ?? '',
            conditionType: c.conditionType ?? '',
            scope,
            ...(c.dictionaryName === undefined ? {} : { dictionaryName: c.dictionaryName }),
            ...(c.attributeName === undefined ? {} : { attributeName: c.attributeName }),
            ...(c.attributeValue === undefined ? {} : { attributeValue: c.attributeValue }),
          }),
        ),
    })),
    ctx.signal,
  );
}
