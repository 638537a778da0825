/**
 * The neutral reply every command returns (STYLE.md §3): data, not markup. Adapters render it as
 * Block Kit, an Adaptive Card or plain text, and split it where their platform's limits demand.
 * All strings are plain text; each renderer escapes them for its platform.
 */

/** A readiness finding's status (CHECKS.md). */
export type FindingStatus = 'pass' | 'warn' | 'fail' | 'error' | 'manual' | 'info';

/**
 * The one severity order of the codebase: what blocks the upgrade, what could not be read, what to look
 * at, what to do by hand, then the rest. Reports list findings and counts in this order; renderers
 * never re-sort.
 */
export const SEVERITY_ORDER: readonly FindingStatus[] = ['fail', 'error', 'warn', 'manual', 'info', 'pass'];

/** How many findings have each status; a reply that counts something says so here, once. */
export type StatusCounts = Record<FindingStatus, number>;

/**
 * Rich text: a plain string, or pieces the platform renders for its reader. Strings are always plain
 * text (each renderer escapes them); a span between backticks is code. The objects are what only the
 * platform can render well: a time in the reader's own zone, a person as a mention, a link.
 */
export type Rich = string | readonly Inline[];
export type Inline = string | TimeInline | UserInline | LinkInline;
/** An instant, shown in the reader's zone where the platform can (`<!date^…>`, `{{DATE()}}`). */
export interface TimeInline {
  /** ISO 8601 in UTC. */
  time: string;
  show?: 'date' | 'datetime';
}
/** A person, as the invocation named them: `slack:U0123`, `teams:<aad object id>`, `console:alice`. */
export interface UserInline {
  user: string;
}
export interface LinkInline {
  link: string;
  label: string;
}

/** The overall tone of a reply: drives the header emoji/colour and the CLI exit code. */
export type ReplyStatus = 'ok' | 'info' | 'warn' | 'fail' | 'error' | 'denied' | 'confirm';

export interface Reply {
  /** What produced it: `nodes`, `readiness`, `help`, `error`, ... Tools switch on it (CONTRACTS.md). */
  kind: string;
  title: string;
  status: ReplyStatus;
  /** One line under the title: the answer in a sentence. */
  lead?: string;
  sections: Section[];
  actions: Action[];
  context: ReplyContext;
  /** Kind-specific payload, flattened into the JSON form (`nodes`, `findings`, `summary`, ...). */
  data?: Record<string, unknown>;
  /** Counts of what the reply reports, when it reports findings: renderers show these, in SEVERITY_ORDER. */
  counts?: StatusCounts;
  /** Pictures: Slack uploads them, Teams shows them on the card, the CLI writes them with `--png`. */
  images?: ReplyImage[];
}

export interface ReplyImage {
  /** A file name: `certificates.png`. */
  name: string;
  title: string;
  /** What the picture shows, for screen readers and clients without images. */
  alt: string;
  png: Uint8Array;
  width: number;
  height: number;
}

export interface Section {
  /** Stable within a reply (`finding:ntp`): lets an adapter update one item of a posted report. */
  id?: string;
  title?: string;
  status?: FindingStatus;
  blocks: Block[];
  /** Long detail: chat adapters put it in a thread / behind "Show details" rather than the main post. */
  detail?: boolean;
}

export type Block =
  | { type: 'text'; text: Rich }
  | { type: 'fields'; fields: Field[] }
  | { type: 'list'; items: Rich[] }
  | { type: 'table'; columns: string[]; rows: string[][] };

export interface Field {
  label: string;
  value: Rich;
}

export interface Action {
  /** Stable id for the button (`confirm`, `cancel`, `details`, `rerun`, `ack`). */
  id: string;
  label: string;
  /** The chat command the button runs, as if typed by whoever clicks it. */
  command: string;
  style?: 'primary' | 'danger';
  /** Less used: behind an overflow menu or "More" where the platform shows few buttons. */
  secondary?: boolean;
  /** A platform confirmation dialog before the click counts. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface ReplyContext {
  correlationId?: string;
  deployment?: string;
  target?: string;
  durationMs?: number;
}

/** The JSON form of `run ... --json`: the reply with its payload flattened (CONTRACTS.md). */
export function replyToJson(reply: Reply): Record<string, unknown> {
  const { kind, title, status, lead, data, sections, actions, context } = reply;
  // Images are binary: the JSON form names them; `--png FILE` writes them.
  return {
    kind,
    title,
    status,
    ...(lead === undefined ? {} : { lead }),
    ...data,
    sections,
    actions,
    context,
    ...(reply.images
      ? {
          images: reply.images.map(({ name, title, alt, width, height }) => ({
            name,
            title,
            alt,
            width,
            height,
          })),
        }
      : {}),
  };
}
