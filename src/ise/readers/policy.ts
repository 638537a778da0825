import type { AuthorizationRule, PolicySetInfo } from '../snapshot/types.js';
import { type ConditionJson, libraryConditions, POLICY_SCOPES } from './conditions.js';
import type { ReadContext } from './context.js';

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

/** Policy sets of network access and device admin, with their hit counts (3.0+, INFERENCE §0). */
export async function readPolicySets(ctx: ReadContext): Promise<PolicySetInfo[]> {
  const scopes = await Promise.all(POLICY_SCOPES.map((scope) => policySets(ctx, scope)));
  return scopes.flat().map((s) => ({
    name: s.name,
    state: s.state ?? 'enabled',
    ...(typeof s.hitCounts === 'number' ? { hits: s.hitCounts } : {}),
    isDefault: s.default === true,
  }));
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

/** Authorization rules of every policy set, with hit counts and the dictionaries their conditions use. */
export async function readAuthorizationRules(ctx: ReadContext): Promise<AuthorizationRule[]> {
  const perScope = await Promise.all(
    POLICY_SCOPES.map(async (scope) => {
      const [sets, conditions] = await Promise.all([policySets(ctx, scope), libraryConditions(ctx, scope)]);
      const library = new Map(conditions.filter((c) => c.id).map((c) => [c.id ?? '', c]));
      const rules = await Promise.all(
        sets.map(async (set) => {
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
        }),
      );
      return rules.flat();
    }),
  );
  return perScope.flat();
}
