import { inlines, plain, plainInline } from '../../src/reply/inline.js';
import type { Inline, Rich, TimeInline } from '../../src/reply/model.js';

/**
 * Text on a card. ISE hands us names people chose (sponsor groups, policies, certificate subjects):
 * they must stay text. Two kinds of places exist on an Adaptive Card:
 *
 * - TextRuns (in a RichTextBlock) are plain text: no host reads markdown or HTML in them, and Teams
 *   makes a mention only of `<at>…</at>` text that the card's `msteams.entities` names. So `<` and
 *   `>` go out as they are ("Administration > System", `ntp server <address>` paste right). Only the
 *   literal `<at>`/`</at>` tags get a word joiner, so ISE text can never collide with a mention the
 *   card itself makes.
 * - TextBlock text and FactSet titles and values are markdown: there everything markdown would read is
 *   escaped, and a `<` that could open a tag becomes a look-alike.
 *
 * Most text goes out as TextRuns. A line that carries a time or a mention is a TextBlock, because
 * Microsoft documents `{{DATE()}}`/`{{TIME()}}` ("Text features") and Teams `<at>` mentions for
 * TextBlock text only (the adaptivecards JS renderer formats DATE/TIME in TextRuns too, but no host
 * promises it).
 */

export type CardElement = { type: string } & Record<string, unknown>;

/** A Teams mention entity: the `text` must occur verbatim on the card. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** Look-alike brackets for a `<` that could open a tag or a mention, in markdown places only. */
export function inert(text: string): string {
  return text.replace(/<(?=[A-Za-z/!@?])/g, '\uFF1C');
}

/** For the places Teams renders as markdown (TextBlock, FactSet): escape what markdown would read. */
export function markdownSafe(text: string): string {
  return inert(text)
    .replace(/[\\`*_~[\]]/g, '\\$&')
    .replace(/^(\s*)([-+#>])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.')
    .replace(/\r?\n/g, '\n\n');
}

/** A TextRun's text: plain, except that the mention tags are broken (see the file comment). */
export function runText(text: string): string {
  return text.replace(/<(\/?at)(?=[\s>])/gi, '<\u2060$1');
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

/** A string split at backtick spans: `[text, code, text, …]` (code at odd indexes, without backticks). */
export function codeSpans(text: string): string[] {
  return text.split(/`([^`\n]+)`/);
}

/**
 * `{{DATE(…)}} {{TIME(…)}}`: the reader's Teams shows it in their own zone and locale. The functions
 * take RFC 3339 without fractions of a second, so the milliseconds of `toISOString()` go.
 */
export function cardTime(piece: TimeInline): string {
  const date = new Date(piece.time);
  if (Number.isNaN(date.getTime())) return piece.time;
  const iso = `${date.toISOString().slice(0, 19)}Z`;
  return piece.show === 'date' ? `{{DATE(${iso}, SHORT)}}` : `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

const TEAMS_USER = /^teams:(.+)$/;
/** Characters of text per RichTextBlock. */
const CHUNK_CHARS = 2000;

/**
 * Renders rich text for one card: collects the mention entities it uses (one per person), which the
 * card lists in `msteams.entities`.
 */
export class CardText {
  readonly #mentions = new Map<string, MentionEntity>();

  /** Every mention made so far. */
  get entities(): MentionEntity[] {
    return [...this.#mentions.values()];
  }

  /** Whether a rich text needs a TextBlock: it shows a time or mentions a Teams user. */
  static needsMarkdown(rich: Rich): boolean {
    return inlines(rich).some((p) => typeof p !== 'string' && ('time' in p || TEAMS_USER.test(userOf(p))));
  }

  /** A mention's `<at>` text, registering its entity. */
  mention(user: string, name?: string): string {
    const id = TEAMS_USER.exec(user)?.[1] ?? user;
    const shown = (name ?? id).replace(/[<>]/g, '');
    const text = `<at>${shown}</at>`;
    if (!this.#mentions.has(text))
      this.#mentions.set(text, { type: 'mention', text, mentioned: { id, name: shown } });
    return text;
  }

  /**
   * Rich text as markdown (TextBlock, FactSet): strings escaped (code spans lose their backticks, as
   * markdown on cards has no code), times as DATE/TIME, Teams users as mentions, links as links.
   */
  markdown(rich: Rich): string {
    return inlines(rich)
      .map((piece) => {
        if (typeof piece === 'string')
          return codeSpans(piece)
            .map((part) => markdownSafe(part))
            .join('');
        if ('time' in piece) return cardTime(piece);
        if ('user' in piece) return this.#user(piece.user, piece);
        return `[${markdownSafe(piece.label)}](${piece.link.replace(/[()<>\s]/g, encodeURIComponent)})`;
      })
      .join('');
  }

  /**
   * Rich text as TextRuns (for a RichTextBlock): code spans in monospace, links as runs that open the
   * address, other platforms' users by name. Times and Teams users go to `markdown` instead.
   */
  runs(rich: Rich, style: RunStyle = {}): CardElement[] {
    const out: CardElement[] = [];
    const push = (text: string, extra: Record<string, unknown> = {}) => {
      if (text !== '') out.push({ type: 'TextRun', text: runText(text), ...style, ...extra });
    };
    for (const piece of inlines(rich)) {
      if (typeof piece === 'string') {
        codeSpans(piece).forEach((part, i) => {
          push(part, i % 2 === 1 ? { fontType: 'Monospace' } : {});
        });
      } else if ('link' in piece) {
        push(piece.label, { selectAction: { type: 'Action.OpenUrl', url: piece.link } });
      } else {
        push(plainInline(piece));
      }
    }
    return mergeRuns(out);
  }

  /** One paragraph of rich text as card elements: its lines, as `lines` renders them. */
  paragraph(rich: Rich, style: RunStyle = {}, extra: Record<string, unknown> = {}): CardElement[] {
    return this.lines(splitLines(rich), style, extra);
  }

  /**
   * Lines (of a paragraph, a list, a table) in as few RichTextBlocks as reasonable: runs with a
   * newline between lines, about CHUNK_CHARS per block, so long text costs few bytes and a card can
   * still break in it. A line with a time or a mention is a TextBlock of its own.
   */
  lines(items: readonly Rich[], style: RunStyle = {}, extra: Record<string, unknown> = {}): CardElement[] {
    const out: CardElement[] = [];
    let runs: CardElement[] = [];
    let chars = 0;
    const flush = () => {
      if (runs.length > 0) out.push({ type: 'RichTextBlock', inlines: mergeRuns(runs), ...extra });
      runs = [];
      chars = 0;
    };
    for (const item of items) {
      if (CardText.needsMarkdown(item)) {
        flush();
        out.push({ type: 'TextBlock', text: this.markdown(item), wrap: true, ...style, ...extra });
        continue;
      }
      const length = plain(item).length;
      if (chars > 0 && chars + length > CHUNK_CHARS) flush();
      if (chars > 0) runs.push({ type: 'TextRun', text: '\n', ...style });
      runs.push(...this.runs(item, style));
      chars += length + 1;
    }
    flush();
    return out;
  }

  #user(user: string, piece: Inline): string {
    if (!TEAMS_USER.test(user)) return markdownSafe(plainInline(piece));
    const name = (piece as { name?: unknown }).name;
    return this.mention(user, typeof name === 'string' ? name : undefined);
  }
}

function userOf(piece: Inline): string {
  return typeof piece !== 'string' && 'user' in piece ? piece.user : '';
}

/** Adjacent TextRuns that differ only in their text, as one run: the same on screen, fewer bytes. */
export function mergeRuns(runs: CardElement[]): CardElement[] {
  const out: CardElement[] = [];
  const key = ({ text: _text, ...rest }: CardElement) => JSON.stringify(rest);
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && key(last) === key(run)) {
      out[out.length - 1] = { ...last, text: `${String(last.text)}${String(run.text)}` };
    } else out.push(run);
  }
  return out;
}

/** Rich text cut into lines (at the newlines of its strings), each line at most `max` characters. */
export function splitLines(rich: Rich, max = 1500): Inline[][] {
  const out: Inline[][] = [[]];
  for (const piece of inlines(rich)) {
    if (typeof piece !== 'string') {
      (out[out.length - 1] as Inline[]).push(piece);
      continue;
    }
    piece.split(/\r?\n/).forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part !== '') (out[out.length - 1] as Inline[]).push(part);
    });
  }
  return out.flatMap((line) => {
    const only = line.length === 1 && typeof line[0] === 'string' ? line[0] : undefined;
    return only !== undefined && only.length > max ? lines(only, max).map((l) => [l]) : [line];
  });
}
