import { collapsed, finding, names } from '../finding.js';
import { FIX_SSH, hostnames, understood } from '../node-facts.js';
import { targetRelease } from '../releases.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'upgrade-bundle',
  title: 'Upgrade bundle staged close to the nodes',
  section: GUIDE.repository,
};
const BUNDLE = /^ise-upgradebundle-.*to-(\d+\.\d+)\.[\w.]*\.tar\.gz$/i;

/**
 * The bundle is ~9 GB (15 GB for 3.3) and a download from a repository times out after 35 minutes, so
 * the guide advises staging it in a nearby repository or on the local disk first.
 */
export const upgradeBundle: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:repositoryFiles'],
  evaluate(snapshot, context) {
    const target = context.target;
    const size = targetRelease(context.releases, target)?.bundleGb;
    // "<bundle> in <repository>" → the nodes it was seen from, so each is written once.
    const seenFrom = new Map<string, string[]>();
    const listed = new Map<string, string[]>();
    const unread: string[] = [];
    let failures = 0;
    for (const node of hostnames(snapshot)) {
      for (const [repo, raw] of Object.entries(snapshot.cli[node]?.repositoryFiles ?? {})) {
        const part = understood(raw, `\`show repository ${repo}\` on ${node}`) ?? raw;
        if (part.state !== 'ok') {
          if (part.state === 'error') failures++;
          unread.push(`${node} ${repo}: ${part.state === 'error' ? part.error : part.reason}`);
          continue;
        }
        if (!part.value.ok) continue;
        listed.set(repo, [...(listed.get(repo) ?? []), node]);
        for (const file of part.value.files) {
          const m = BUNDLE.exec(file);
          if (m && (target === undefined || m[1] === target))
            seenFrom.set(`${file} in ${repo}`, [...(seenFrom.get(`${file} in ${repo}`) ?? []), node]);
        }
      }
    }
    const found = [...seenFrom].map(([what, from]) => `${what} (seen from ${collapsed(from)})`);
    const prepare = `\`application upgrade prepare <bundle> <repository>\` on each node (it copies the bundle to the local disk and unpacks it)`;
    if (found.length > 0) {
      return finding(base, {
        status: 'pass',
        summary: `The ${target ?? ''} upgrade bundle is staged: ${found[0]}.`.replace('The  ', 'The '),
        // What could not be listed first: a pass stands on what was read, the rest is for a look.
        evidence: [...unread, ...found],
        faulty: unread.length,
        remediation: `Before the window, run ${prepare} to save the download time.`,
      });
    }
    if (listed.size === 0) {
      return finding(base, {
        status: failures > 0 ? 'error' : 'manual',
        summary: 'No repository listing could be read to look for the upgrade bundle.',
        evidence: unread,
        faulty: unread.length,
        remediation: `${failures > 0 ? `${FIX_SSH} Meanwhile: ` : ''}Run \`show repository <name>\` on the PAN and look for ise-upgradebundle-…-to-${target ?? '<target>'}…tar.gz; if it is missing, copy it from software.cisco.com to a repository close to the nodes.`,
      });
    }
    return finding(base, {
      status: 'warn',
      summary: `No ${target ?? ''} upgrade bundle found in ${names([...listed.keys()])}.`.replace(
        'No  ',
        'No ',
      ),
      evidence: [
        ...[...listed].map(([repo, seen]) => `${repo}: no bundle (listed from ${collapsed(seen)})`),
        ...unread,
      ],
      faulty: listed.size + unread.length,
      remediation: `Download ise-upgradebundle-…-to-${target ?? '<target>'}….SPA.x86_64.tar.gz${size ? ` (~${size} GB)` : ''} from software.cisco.com into an FTP/SFTP repository close to the nodes, then run ${prepare}: downloads over 35 minutes make the upgrade fail.`,
    });
  },
};
