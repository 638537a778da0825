/**
 * ISE hands us names people chose (sponsor groups, policies, certificate subjects): on a card they must
 * stay text. Teams turns `<at>…</at>` into mentions and renders a markdown subset in TextBlocks and
 * FactSets, so text goes out as TextRuns (never markdown), and the few markdown places get escaped.
 */

export type CardElement = { type: string } & Record<string, unknown>;

/** Look-alike brackets: `<at>x</at>` or `<!channel>` stay readable but are no markup anywhere. */
export function inert(text: string): string {
  return text.replace(/</g, '\uFF1C').replace(/>/g, '\uFF1E');
}

/** For FactSet titles and values, which Teams renders as markdown: escape what markdown would read. */
export function markdownSafe(text: string): string {
  return inert(text)
    .replace(/[\\`*_~[\]]/g, '\\$&')
    .replace(/^(\s*)([-+#])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.')
    .replace(/\r?\n/g, '\n\n');
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Lines of at most `max` characters: long lines are cut, so one element never outgrows a card. */
export function lines(text: string, max = 1500): string[] {
  return text.split(/\r?\n/).flatMap((line) => {
    if (line.length <= max) return [line];
    const parts: string[] = [];
    for (let i = 0; i < line.length; i += max) parts.push(line.slice(i, i + max));
    return parts;
  });
}

export interface RunStyle {
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  color?: 'Good' | 'Warning' | 'Attention' | 'Accent';
  isSubtle?: boolean;
}

/** One line of plain text: a RichTextBlock's TextRun, which no host reads as markdown. */
export function textLine(
  text: string,
  style: RunStyle = {},
  extra: Record<string, unknown> = {},
): CardElement {
  return {
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: inert(text), ...style }],
    ...extra,
  };
}
