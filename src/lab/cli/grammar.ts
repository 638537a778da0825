/**
 * A tiny command grammar so the lab answers like ADE-OS: keywords may be abbreviated to any unique prefix
 * (`sh ver`, `sh app stat ise`), and a line that matches nothing gets the caret error pointing at the
 * first word that fits no command.
 */

/** A pattern word: a keyword, `a|b` alternatives, or `<arg>` for a free value. */
export type Pattern = readonly string[];

export interface Match {
  pattern: Pattern;
  /** The values of the `<arg>` words and of the chosen `a|b` alternatives, in order. */
  args: string[];
}

export type ParseResult = { ok: true; match: Match } | { ok: false; errorColumn: number };

interface Token {
  text: string;
  column: number;
}

function tokenize(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: m.index ?? 0 }));
}

const isArg = (word: string) => word.startsWith('<');

function keywordMatches(word: string, token: string, exact: boolean): string | undefined {
  const lower = token.toLowerCase();
  for (const alt of word.split('|')) {
    if (exact ? alt === lower : alt.startsWith(lower)) return alt;
  }
  return undefined;
}

/** Matches `line` against the patterns; ambiguity is resolved in favour of an exact keyword. */
export function parse(line: string, patterns: readonly Pattern[]): ParseResult {
  const tokens = tokenize(line);
  let candidates = patterns.map((pattern) => ({ pattern, args: [] as string[] }));
  for (const [i, token] of tokens.entries()) {
    const step = (exact: boolean) =>
      candidates.flatMap((c) => {
        const word = c.pattern[i];
        if (word === undefined) return [];
        if (isArg(word)) return [{ pattern: c.pattern, args: [...c.args, token.text] }];
        const alt = keywordMatches(word, token.text, exact);
        if (alt === undefined) return [];
        return [{ pattern: c.pattern, args: word.includes('|') ? [...c.args, alt] : c.args }];
      });
    const exact = step(true);
    const next = exact.length > 0 ? exact : step(false);
    const keywords = new Set(next.map((c) => c.pattern[i]).filter((w) => w !== undefined && !isArg(w)));
    // An abbreviation that fits two different keywords is as invalid as a wrong word on ADE-OS.
    if (next.length === 0 || (exact.length === 0 && keywords.size > 1)) {
      return { ok: false, errorColumn: token.column };
    }
    candidates = next;
  }
  const complete = candidates.find((c) => c.pattern.length === tokens.length);
  if (complete) return { ok: true, match: complete };
  // Incomplete command: the caret goes just past the end of the line.
  return { ok: false, errorColumn: line.trimEnd().length + 1 };
}

/** The ADE-OS caret error (INFERRED layout; the lower-case message is what Nessus keys on, ise-cli.md §1.8). */
export function invalidCommand(promptLength: number, errorColumn: number): string[] {
  return [`${' '.repeat(promptLength + errorColumn)}^`, "% invalid command detected at '^' marker."];
}
