/**
 * `GET /ers/config/deploymentinfo/getAllInfo` (2.7+): JAXB-style nested content. Elements are matched
 * by the suffix of their `name` (`{http://www.cisco.com/DeploymentInfo}Version`), never by index, and
 * `nodeAndScope` arrays mix strings with objects (ise-rest-api.md §8b).
 */
export interface JaxbElement {
  name: string;
  value: unknown;
}

export interface DeploymentInfo {
  ERSDeploymentInfo?: {
    deploymentInfo?: { nodeList?: { nodeAndNodeCountAndCountInfo?: JaxbElement[] } };
    licensesInfo?: { nodeList?: { nodeAndScope?: unknown[] } };
    mdmInfo?: { activeMdmServersCount?: number };
  };
}

export function deploymentInfoNodes(info: DeploymentInfo): JaxbElement[][] {
  const list = info.ERSDeploymentInfo?.deploymentInfo?.nodeList?.nodeAndNodeCountAndCountInfo ?? [];
  return list
    .filter((e) => typeof e === 'object' && e !== null && e.name?.endsWith('}Node'))
    .map((e) => ((e.value as { content?: JaxbElement[] })?.content ?? []).filter(isElement));
}

export function contentValue(content: readonly JaxbElement[], name: string): unknown {
  return content.find((c) => c.name.endsWith(`}${name}`))?.value;
}

function isElement(e: unknown): e is JaxbElement {
  return typeof e === 'object' && e !== null && typeof (e as JaxbElement).name === 'string';
}
