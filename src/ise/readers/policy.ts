import type { AuthorizationRule, PolicySetInfo } from '../snapshot/types.js';
import { type ConditionJson, libraryConditions, POLICY_SCOPES } from './conditions.js';
import type { ReadContext } from './context.js';
import { type Piece, readPieces } from './pieces.js';
import { describeError, PartialRead } from './sourced.js';

interface PolicySetJson {
  id: string;
  name: string;
  state?: string;
  default?: boolean;
  hitCounts?: number;
}

interface AuthorizationJson {
  rule?: { name?: string; state?: string; hitCounts?: number; condition?: ConditionJson | null };
}

function policySets(ctx: ReadContext, scope: string): Promise<PolicySetJson[]> {
  return ctx.once(`policy-sets:${scope}`, async () => {
    const body = await ctx.getJson<{ response?: PolicySetJson[] }>(
      'openapi',
      `/api/v1/policy/${scope}/policy-set`,
    );
    return body.response ?? [];
  });
}

/**
 * Policy sets of network access and device admin, with their hit counts (3.0+, INFERENCE §0). Each kind
 * is read on its own: device admin off (404) or failing must not cost the network access sets.
 */
export async function readPolicySets(ctx: ReadContext): Promise<PartialRead<PolicySetInfo[]>> {
  return readPieces(
    POLICY_SCOPES.map((scope) => ({
      what: `${scope} policy sets`,
      absentOn404: scope === 'device-admin',
      read: async () =>
        (await policySets(ctx, scope)).map((s) => ({
          name: s.name,
          state: s.state ?? 'enabled',
          ...(typeof s.hitCounts === 'number' ? { hits: s.hitCounts } : {}),
          isDefault: s.default === true,
        })),
    })),
    ctx.signal,
  );
}

/**
 * The dictionaries a condition tree names, following `ConditionReference`s into the library. The MDM
 * dictionary's name (`MDM`) and that a server-name attribute carries the server are INFERENCE
 * (ise-rest-api.md §5).
 */
function walk(
  condition: ConditionJson | null | undefined,
  library: Map<string, ConditionJson>,
  found: { dictionaries: Set<string>; mdmServers: Set<string> },
  depth = 0,
): void {
  if (!condition || depth > 20) return;
  if (condition.conditionType === 'ConditionReference' && condition.id !== undefined) {
    walk(library.get(condition.id), library, found, depth + 1);
    return;
  }
  if (condition.dictionaryName) {
    found.dictionaries.add(condition.dictionaryName);
    if (
      condition.dictionaryName.toUpperCase() === 'MDM' &&
      /server/i.test(condition.attributeName ?? '') &&
      condition.attributeValue
    )
      found.mdmServers.add(condition.attributeValue);
  }
  for (const child of condition.children ?? []) walk(child, library, found, depth + 1);
}

/**
 * Authorization rules of every policy set, with hit counts and the dictionaries their conditions use. Each
 * policy kind and each policy set is read on its own; what could not be read is a gap beside the rules.
 */
export async function readAuthorizationRules(ctx: ReadContext): Promise<PartialRead<AuthorizationRule[]>> {
  const kinds = await readPieces(
    POLICY_SCOPES.map((scope) => ({
      what: `${scope} policy sets`,
      absentOn404: scope === 'device-admin',
      read: async () => [{ scope, sets: await policySets(ctx, scope) }],
    })),
    ctx.signal,
  );
  const gaps = [...kinds.gaps];
  const pieces: Array<Piece<AuthorizationRule>> = [];
  for (const { scope, sets } of kinds.value) {
    const conditions = await libraryConditions(ctx, scope).catch((error: unknown) => {
      ctx.signal?.throwIfAborted();
      gaps.push(
        `${scope} library conditions (rules that reference them were read without them): ${describeError(error)}`,
      );
      return [];
    });
    const library = new Map(conditions.filter((c) => c.id).map((c) => [c.id ?? '', c]));
    for (const set of sets) {
      pieces.push({
        what: `authorization rules of ${scope} policy set "${set.name}"`,
        read: () => authorizationRules(ctx, scope, set, library),
      });
    }
  }
  const rules = await readPieces(pieces, ctx.signal);
  return new PartialRead(rules.value, [...gaps, ...rules.gaps], [...kinds.notes, ...rules.notes]);
}

async function authorizationRules(
  ctx: ReadContext,
  scope: string,
  set: PolicySetJson,
  library: Map<string, ConditionJson>,
): Promise<AuthorizationRule[]> {
  const body = await ctx.getJson<{ response?: AuthorizationJson[] }>(
    'openapi',
    `/api/v1/policy/${scope}/policy-set/${encodeURIComponent(set.id)}/authorization`,
  );
  return (body.response ?? []).map((r): AuthorizationRule => {
    const found = { dictionaries: new Set<string>(), mdmServers: new Set<string>() };
    walk(r.rule?.condition, library, found);
    return {
      policySet: set.name,
      name: r.rule?.name ?? '',
      state: r.rule?.state ?? 'enabled',
      ...(typeof r.rule?.hitCounts === 'number' ? { hits: r.rule.hitCounts } : {}),
      dictionaries: [...found.dictionaries],
      mdmServers: [...found.mdmServers],
    };
  });
}
