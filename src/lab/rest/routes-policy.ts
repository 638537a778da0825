import type { Scenario } from '../scenario.js';
import { labId } from './ids.js';
import { json, type LabRequest, type LabResponse, type LabRoute, selfLink } from './types.js';

type Condition = Scenario['conditions'][number];
type PolicySet = Scenario['policySets'][number];
type Rule = PolicySet['rules'][number];

/** The policy module's error body: `code` is a string here (ise-rest-api.md §3). */
const policyError = (status: number, message: string): LabResponse =>
  json({ code: String(status), message }, status);

const BLOCK_TYPE = {
  simple: 'LibraryConditionAttributes',
  and: 'LibraryConditionAndBlock',
  or: 'LibraryConditionOrBlock',
};

const conditionId = (scope: string, name: string) => labId('condition', scope, name);
const conditionHref = (request: LabRequest, scope: string, id: string) =>
  `${request.origin}/api/v1/policy/${scope}/condition/${id}`;

function reference(request: LabRequest, scope: string, name: string) {
  const id = conditionId(scope, name);
  return {
    conditionType: 'ConditionReference',
    isNegate: false,
    id,
    name,
    link: selfLink(conditionHref(request, scope, id)),
  };
}

function conditionJson(request: LabRequest, c: Condition) {
  const id = conditionId(c.scope, c.name);
  const base = {
    id,
    name: c.name,
    description: c.description,
    conditionType: BLOCK_TYPE[c.type],
    isNegate: false,
  };
  const body =
    c.type === 'simple'
      ? {
          ...base,
          dictionaryName: c.dictionaryName ?? 'Radius',
          attributeName: c.attributeName ?? 'NAS-Port-Type',
          operator: c.operator,
          attributeValue: c.attributeValue ?? 'Ethernet',
        }
      : { ...base, children: c.children.map((name) => reference(request, c.scope, name)) };
  return { ...body, link: selfLink(conditionHref(request, c.scope, id)) };
}

function ruleCondition(request: LabRequest, scope: string, rule: Rule) {
  if (rule.conditionRef) return reference(request, scope, rule.conditionRef);
  if (!rule.condition) return null;
  return { conditionType: 'ConditionAttributes', isNegate: false, ...rule.condition };
}

const setId = (set: PolicySet) => labId('policy-set', set.scope, set.name);

function setJson(request: LabRequest, set: PolicySet, rank: number) {
  const id = setId(set);
  return {
    id,
    name: set.name,
    description: set.description,
    state: set.state,
    rank,
    default: set.default,
    serviceName: set.scope === 'device-admin' ? 'Default Device Admin' : 'Default Network Access',
    condition: null,
    isProxy: false,
    hitCounts: set.hits,
    link: selfLink(`${request.origin}/api/v1/policy/${set.scope}/policy-set/${id}`),
  };
}

const scopeRe = '(?<scope>network-access|device-admin)';

/**
 * Library conditions, policy sets and authorization rules (ise-rest-api.md §3, §5). The policy API
 * is served from 3.0: INFERENCE in the reference (it was in ciscoisesdk's early 3.0.0 set).
 */
export const policyRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'openapi',
    since: '3.0',
    path: new RegExp(
      `^/api/v1/policy/${scopeRe}/condition(?:/(?:authorization|authentication|policyset))?/?$`,
    ),
    handle: (request, { scope }) =>
      json({
        response: request.scenario.conditions
          .filter((c) => c.scope === scope)
          .map((c) => conditionJson(request, c)),
        version: '1.0.0',
      }),
  },
  {
    method: 'GET',
    family: 'openapi',
    since: '3.0',
    path: new RegExp(`^/api/v1/policy/${scopeRe}/condition/(?<id>[0-9a-f-]{36})$`),
    handle: (request, { scope, id }) => {
      const c = request.scenario.conditions.find(
        (x) => x.scope === scope && conditionId(x.scope, x.name) === id,
      );
      return c
        ? json({ response: conditionJson(request, c), version: '1.0.0' })
        : policyError(404, `Condition ${id} not found`);
    },
  },
  {
    method: 'GET',
    family: 'openapi',
    since: '3.0',
    path: new RegExp(`^/api/v1/policy/${scopeRe}/policy-set/?$`),
    handle: (request, { scope }) =>
      json({
        response: request.scenario.policySets
          .filter((s) => s.scope === scope)
          .map((s, rank) => setJson(request, s, rank)),
        version: '1.0.0',
      }),
  },
  {
    method: 'GET',
    family: 'openapi',
    since: '3.0',
    path: new RegExp(`^/api/v1/policy/${scopeRe}/policy-set/(?<id>[0-9a-f-]{36})/authorization/?$`),
    handle: (request, { scope = '', id }) => {
      const set = request.scenario.policySets.find((s) => s.scope === scope && setId(s) === id);
      if (!set) return policyError(404, `Policy set ${id} not found`);
      return json({
        response: set.rules.map((rule, rank) => {
          const ruleId = labId('rule', set.scope, set.name, rule.name);
          return {
            rule: {
              id: ruleId,
              name: rule.name,
              rank,
              state: rule.state,
              default: rule.default,
              hitCounts: rule.hits,
              condition: ruleCondition(request, scope, rule),
            },
            profile: rule.profile,
            securityGroup: null,
            link: selfLink(
              `${request.origin}/api/v1/policy/${scope}/policy-set/${id}/authorization/${ruleId}`,
            ),
          };
        }),
        version: '1.0.0',
      });
    },
  },
];
