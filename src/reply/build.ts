import type { Action, Block, Reply, ReplyStatus, Rich, Section } from './model.js';

/** Small constructors so commands read as what they say, not as object literals. */
export function reply(kind: string, title: string, status: ReplyStatus, parts: Partial<Reply> = {}): Reply {
  return { kind, title, status, sections: [], actions: [], context: {}, ...parts };
}

export function section(title: string | undefined, blocks: Block[], extra: Partial<Section> = {}): Section {
  return { ...(title === undefined ? {} : { title }), blocks, ...extra };
}

export const text = (value: Rich): Block => ({ type: 'text', text: value });
export const list = (items: Rich[]): Block => ({ type: 'list', items });
export const table = (columns: string[], rows: string[][]): Block => ({ type: 'table', columns, rows });

/** A refusal or failure written for the user: one line, maybe a hint, never a stack trace. */
export function errorReply(
  message: string,
  options: { hint?: string; correlationId?: string; kind?: string } = {},
): Reply {
  return reply(options.kind ?? 'error', message, 'error', {
    ...(options.hint === undefined ? {} : { lead: options.hint }),
    context: options.correlationId === undefined ? {} : { correlationId: options.correlationId },
  });
}

export function button(id: string, label: string, command: string, extra: Partial<Action> = {}): Action {
  return { id, label, command, ...extra };
}
