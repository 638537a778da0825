import { isKnownZone } from '../../java-zone-names.js';
import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

export interface ShowTimezone extends ParseNotes {
  /** The configured zone as printed (`UTC`, `Europe/Berlin`), when the text is one zone name. */
  readonly timezone?: string;
  /** True when Intl's tz data knows the name, so dates can be placed in it. */
  readonly known: boolean;
}

/**
 * `show timezone`: the `clock timezone` name on one line, e.g. `UTC` (INFERRED from the ADE-OS CLI
 * reference's description; ise-cli.md quotes no capture, only `clock timezone UTC` in the running-config).
 * A labelled line (`Timezone: UTC`, as other appliances print it) is accepted too, since the layout is a
 * guess; anything else is unrecognised.
 */
const ZONE_LINE = /^(?:[^:]*\btime ?zone\b[^:]*:\s*)?([A-Za-z][A-Za-z0-9_+\-/]{0,63})$/i;

export function parseShowTimezone(text: string): ShowTimezone {
  if (isInvalidCommand(text)) {
    return {
      recognised: false,
      known: false,
      warnings: ['the CLI rejected the command (invalid command detected)'],
    };
  }
  const lines = cliLines(text)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const name = lines.length === 1 ? ZONE_LINE.exec(lines[0] ?? '')?.[1] : undefined;
  if (name === undefined) {
    return { recognised: false, known: false, warnings: ['expected one time zone name on one line'] };
  }
  const known = isKnownZone(name);
  return {
    recognised: true,
    known,
    timezone: name,
    warnings: known ? [] : [`"${name}" is not a time zone in the bot's tz data`],
  };
}
