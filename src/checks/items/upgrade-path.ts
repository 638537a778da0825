import { compareRelease } from '../../ise/release.js';
import { finding, read } from '../finding.js';
import { certaintyNote, targetRelease } from '../releases.js';
import { GUIDE } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'upgrade-path',
  title: 'The current release upgrades directly to the target',
  section: GUIDE.validateData,
};

/** 3.0 upgrades from 2.4, 2.6 and 2.7 only; later targets from their three predecessors (upgrade rules §1). */
export const upgradePath: Check = {
  ...base,
  kind: 'automated',
  needs: [],
  evaluate(snapshot, context) {
    const release = read(base, snapshot.release, 'ISE release', {
      look: 'Run `show version` on the PAN.',
    });
    if (!release.ok) return release.finding;
    const source = release.value.release;
    const target = targetRelease(context.releases, context.target);
    if (target === undefined) {
      return finding(base, {
        status: 'error',
        summary: context.targetProblem ?? `No upgrade target is known for ISE ${source}.`,
        evidence: [`running ISE ${release.value.version}`],
        remediation: `Name the target: \`readiness --target <release>\`, or set \`target\` for this deployment in the bot config. Known targets: ${context.releases.targets.map((t) => t.release).join(', ')}.`,
      });
    }
    const evidence = [
      `running ISE ${release.value.version} patch ${release.value.patch}`,
      `${target.release} upgrades from ${target.from.join(', ')}${certaintyNote(target.fromCertainty)}`,
    ];
    if (compareRelease(source, target.release) >= 0) {
      return finding(base, {
        status: 'info',
        summary: `The deployment already runs ${source}; ${target.release} is not an upgrade from it.`,
        evidence,
        remediation: 'Pick a later target with `readiness --target <release>`.',
      });
    }
    if (!target.from.includes(source)) {
      const hop = context.releases.targets
        .filter((t) => t.from.includes(source) && target.from.includes(t.release))
        .map((t) => t.release)
        .pop();
      return finding(base, {
        status: 'fail',
        summary: `ISE ${source} cannot be upgraded to ${target.release} directly (it upgrades from ${target.from.join(', ')}).`,
        evidence,
        remediation: hop
          ? `Upgrade in two steps: ${source} → ${hop} → ${target.release}, or build a fresh ${target.release} deployment and restore a configuration backup.`
          : `Build a fresh ${target.release} deployment and restore a configuration backup taken on a supported source release.`,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `ISE ${source} upgrades directly to ${target.release}.`,
      evidence,
      remediation: 'Nothing to do.',
    });
  },
};
