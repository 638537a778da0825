/**
 * The neutral reply every command returns (STYLE.md §3): data, not markup. Adapters render it as
 * Block Kit, an Adaptive Card or plain text, and split it where their platform's limits demand.
 * All strings are plain text; each renderer escapes them for its platform.
 */

/** A readiness finding's status (CHECKS.md). */
export type FindingStatus = 'pass' | 'warn' | 'fail' | 'error' | 'manual' | 'info';

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
}

export interface Section {
  title?: string;
  status?: FindingStatus;
  blocks: Block[];
  /** Long detail: chat adapters put it in a thread / behind "Show details" rather than the main post. */
  detail?: boolean;
}

export type Block =
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: Field[] }
  | { type: 'list'; items: string[] }
  | { type: 'table'; columns: string[]; rows: string[][] };

export interface Field {
  label: string;
  value: string;
}

export interface Action {
  /** Stable id for the button (`confirm`, `cancel`, `details`, `rerun`, `ack`). */
  id: string;
  label: string;
  /** The chat command the button runs, as if typed by whoever clicks it. */
  command: string;
  style?: 'primary' | 'danger';
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
  return {
    kind,
    title,
    status,
    ...(lead === undefined ? {} : { lead }),
    ...data,
    sections,
    actions,
    context,
  };
}
