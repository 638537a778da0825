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

/** Element names that identify a node: `Name` (3.1 schema) and, INFERENCE, hostname/FQDN/IP spellings. */
const IDENTITY = /}(name|hostname|host|fqdn|ipaddress|ip)$/i;

/** Every identity value an entry carries (lower case); none in Cisco's 2.7-era example (§8b). */
export function deploymentInfoIdentities(content: readonly JaxbElement[]): string[] {
  return content
    .filter((c) => IDENTITY.test(c.name) && typeof c.value === 'string' && c.value !== '')
    .map((c) => String(c.value).toLowerCase());
}

/** The short hostname an entry names (`Name`, or the first label of an FQDN element), if any. */
export function deploymentInfoHostname(content: readonly JaxbElement[]): string | undefined {
  const id = deploymentInfoIdentities(content).find((v) => !/^[\d.]+$/.test(v));
  return id?.split('.')[0];
}
