import { finding, read } from '../finding.js';
import { certaintyNote, knownRelease } from '../releases.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'latest-patch',
  title: 'On the newest patch of the current release',
  section: GUIDE.guidelines,
};

/** "Upgrade to the latest patch in the existing version before starting the upgrade" (Guidelines). */
export const latestPatch: Check = {
  ...base,
  kind: 'automated',
  needs: [],
  evaluate(snapshot, context) {
    const release = read(base, snapshot.release, 'ISE release', {
      look: 'Run `show version` on the PAN and compare the patch with the newest on software.cisco.com.',
    });
    if (!release.ok) return release.finding;
    const { release: rel, patch, version } = release.value;
    if (patch === undefined) {
      // MnT's Version tells no patch: unknown is not "patch 0" (issue 14 item 4).
      return finding(base, {
        status: 'manual',
        summary: `ISE ${version} answered without its patch level (ERS off, only MnT answered, no SSH); compare the patch by hand.`,
        evidence: [`ISE ${version}, patch not reported`],
        faulty: 1,
        remediation:
          'Check Administration > System > Maintenance > Patch Management, or enable ERS / add an ssh: block.',
      });
    }
    const known = knownRelease(context.releases, rel);
    const running = `ISE ${version} patch ${patch}`;
    if (known === undefined) {
      return finding(base, {
        status: 'info',
        summary: `The bot knows no patch list for ISE ${rel}; check software.cisco.com for a newer patch than ${patch}.`,
        evidence: [running],
        faulty: 1,
        remediation: 'Compare with the patches listed for your release on software.cisco.com.',
      });
    }
    const newest = `newest known: patch ${known.newestPatch}${certaintyNote(known.newestPatchCertainty)}, list reviewed ${context.releases.reviewed}`;
    if (patch < known.newestPatch) {
      return finding(base, {
        status: 'warn',
        summary: `The deployment runs ${rel} patch ${patch}; patch ${known.newestPatch} is out. Cisco advises the newest patch before upgrading.`,
        evidence: [running, newest],
        faulty: 1,
        remediation: `Download ${rel} patch ${known.newestPatch} from software.cisco.com into a repository and install it on the PAN (Administration > System > Maintenance > Patch Management > Install, or \`patch install <bundle> <repository>\`); ISE rolls it out to the other nodes.`,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `The deployment runs ${rel} patch ${patch}, the newest the bot knows.`,
      evidence: [running, newest],
      faulty: 0,
      remediation: 'Nothing to do; a newer patch may have come out since the list was reviewed.',
    });
  },
};
