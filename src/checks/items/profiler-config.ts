import { personas } from '../../ise/nodes.js';
import { collapsed, faultyFirst, finding, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'profiler-config',
  title: 'Profiler configuration of every PSN recorded',
  section: GUIDE.profiler,
};
const LOOK = `For each PSN open ${MENU.deployment} > <node> > Edit Node > Profiling Configuration and take a screenshot or note of the enabled probes and their settings.`;

/** The guide asks to record each PSN's probe settings; when ISE lets us read them, this report is the record. */
export const profilerConfig: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'profiler'],
  evaluate(snapshot) {
    const profiler = read(base, snapshot.profiler, 'profiler configuration', { look: LOOK });
    if (!profiler.ok) return profiler.finding;
    const psns =
      snapshot.nodes.state === 'ok'
        ? snapshot.nodes.value.filter((n) => personas(n).includes('PSN')).map((n) => n.hostname)
        : Object.keys(profiler.value);
    const missing = psns.filter((h) => profiler.value[h] === undefined);
    // The PSNs whose probes were not readable first, then the probes of the others.
    const evidence = faultyFirst([
      ...missing.map((node) => ({ line: `${node}: probes not readable`, status: 'manual' as const })),
      ...Object.entries(profiler.value).map(([node, probes]) => ({
        line: `${node}: ${probes.length > 0 ? probes.join(', ') : 'no probe enabled'}`,
        status: 'pass' as const,
      })),
    ]);
    if (missing.length > 0) {
      return finding(base, {
        status: 'manual',
        summary: `The profiler configuration of ${collapsed(missing)} was not readable; record it by hand.`,
        nodes: missing,
        ...evidence,
        remediation: LOOK,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `Recorded the profiler probes of ${psns.length} PSNs in this report; keep it with the change record.`,
      ...evidence,
      remediation: 'Nothing to do; after the upgrade compare each PSN’s probes with this list.',
    });
  },
};
