/**
 * Text helpers for Slack's mrkdwn. Reply strings come from ISE (hostnames, certificate subjects,
 * policy names) and Slack turns `<!channel>`, `<@U123>` and `<http://x|y>` in them into pings and
 * links, so every string is escaped before it is placed in mrkdwn (Slack's three reserved characters).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens a string for a field Slack caps (button labels, dialog texts), marking the cut with `…`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escapes, then clips to `max` without cutting an entity the escaping produced (`&am…`). */
export function clipEscaped(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let cut = Math.max(0, max - 1);
  const amp = escaped.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 5 && escaped.indexOf(';', amp) >= cut) cut = amp;
  return `${escaped.slice(0, cut)}…`;
}

/**
 * Splits text into chunks of at most `max` characters on line boundaries; a longer line is cut hard,
 * never inside an `&amp;`-style entity the escaping produced (a broken entity would show as garbage).
 */
export function chunkLines(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of hardSplit(line, max)) {
      const joined = current === '' ? piece : `${current}\n${piece}`;
      if (joined.length > max && current !== '') {
        out.push(current);
        current = piece;
      } else {
        current = joined;
      }
    }
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

function hardSplit(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = max;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp > cut - 5 && amp > 0) {
      const semi = rest.indexOf(';', amp);
      if (semi >= cut) cut = amp;
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/** Wraps lines in a code block, chunked so that every chunk with its fences stays within `max`. */
export function codeChunks(lines: string[], max: number): string[] {
  return chunkLines(lines.join('\n'), max - 8).map((chunk) => `\`\`\`\n${chunk}\n\`\`\``);
}

/** Aligned columns for a monospace block (tables too wide or too long for fields). */
export function alignTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
