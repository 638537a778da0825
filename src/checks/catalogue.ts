import { adJoin } from './items/ad-join.js';
import { certificateExport } from './items/certificate-export.js';
import { certificatesExpired } from './items/certificates-expired.js';
import { certificatesExpiring } from './items/certificates-expiring.js';
import { conditionNameClash } from './items/condition-name-clash.js';
import { diskSpace } from './items/disk-space.js';
import { firewallPorts } from './items/firewall-ports.js';
import { internalCaChain } from './items/internal-ca-chain.js';
import { latestPatch } from './items/latest-patch.js';
import { loadBalancer } from './items/load-balancer.js';
import { mdmServersActive } from './items/mdm-servers-active.js';
import { memory } from './items/memory.js';
import { mntData } from './items/mnt-data.js';
import { nodeStatus } from './items/node-status.js';
import { ntp } from './items/ntp.js';
import { panFailover } from './items/pan-failover.js';
import { postUpgrade } from './items/post-upgrade.js';
import { profilerConfig } from './items/profiler-config.js';
import { recentBackup } from './items/recent-backup.js';
import { repository } from './items/repository.js';
import { scheduledBackups } from './items/scheduled-backups.js';
import { services } from './items/services.js';
import { sponsorGroupAscii } from './items/sponsor-group-ascii.js';
import { ssmOnprem } from './items/ssm-onprem.js';
import { stagingTest } from './items/staging-test.js';
import { stalePolicy } from './items/stale-policy.js';
import { upgradeBundle } from './items/upgrade-bundle.js';
import { upgradePath } from './items/upgrade-path.js';
import { upgradeTime } from './items/upgrade-time.js';
import { urt } from './items/urt.js';
import { versionParity } from './items/version-parity.js';
import { vmResources } from './items/vm-resources.js';
import type { Check } from './types.js';

/** Every item of CHECKS.md, in its order; the ids are a contract (JSON, digests, `check <id>`). */
export const CATALOGUE: readonly Check[] = [
  nodeStatus,
  versionParity,
  latestPatch,
  upgradePath,
  ssmOnprem,
  diskSpace,
  memory,
  ntp,
  services,
  certificatesExpired,
  certificatesExpiring,
  internalCaChain,
  conditionNameClash,
  sponsorGroupAscii,
  mdmServersActive,
  panFailover,
  scheduledBackups,
  recentBackup,
  repository,
  upgradeBundle,
  urt,
  firewallPorts,
  upgradeTime,
  adJoin,
  profilerConfig,
  certificateExport,
  loadBalancer,
  vmResources,
  stalePolicy,
  mntData,
  stagingTest,
  postUpgrade,
];

export function findCheck(id: string): Check | undefined {
  return CATALOGUE.find((c) => c.id === id);
}
