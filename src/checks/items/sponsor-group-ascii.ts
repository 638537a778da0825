import { finding, names, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'sponsor-group-ascii',
  title: 'Sponsor group names are ASCII only',
  section: GUIDE.sponsor,
};

const NON_ASCII = /[^\x20-\x7e]/gu;

/** ISE 2.2 and later do not accept non-ASCII sponsor group names; an old one must be renamed first. */
export const sponsorGroupAscii: Check = {
  ...base,
  kind: 'automated',
  needs: ['sponsorGroups'],
  evaluate(snapshot) {
    const groups = read(base, snapshot.sponsorGroups, 'sponsor groups', {
      look: `Open ${MENU.sponsorGroups} and look for names with accented or non-Latin letters.`,
    });
    if (!groups.ok) return groups.finding;
    const bad = groups.value.filter((g) => g.name.match(NON_ASCII) !== null);
    if (bad.length === 0) {
      return finding(base, {
        status: 'pass',
        summary: `All ${groups.value.length} sponsor group names are ASCII.`,
        evidence: [`${groups.value.length} sponsor groups read (${groups.source})`],
        remediation: 'Nothing to do.',
      });
    }
    return finding(base, {
      status: 'fail',
      summary: `Sponsor groups with non-ASCII names: ${names(
        bad.map((g) => g.name),
        8,
      )}.`,
      evidence: bad.map((g) => `${g.name}: ${describe(g.name)}`),
      faulty: bad.length,
      remediation: `Rename them using only ASCII letters, digits and punctuation in ${MENU.sponsorGroups}.`,
    });
  },
};

/** The offending characters with their code points, since a lookalike letter is invisible in chat. */
function describe(name: string): string {
  const chars = [...new Set(name.match(NON_ASCII) ?? [])];
  return chars
    .map((ch) => `"${ch}" U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    .join(', ');
}
