import type { Action } from '../../src/reply/model.js';
import { type CardElement, clip } from './card-text.js';

/**
 * Card buttons are Universal Actions (`Action.Execute`): a click arrives as an `invoke` named
 * `adaptiveCard/action` whose answer is the card that replaces the clicked one, so Confirm, Cancel and
 * Acknowledge update the card in place. Action.Execute needs card version 1.4: every card carrying a
 * button must declare at least `EXECUTE_VERSION`.
 */
export const EXECUTE_VERSION = '1.4';

/** What a button carries; namespaced so other apps' card actions are ignored. */
export interface ActionData {
  ise: {
    command: string;
    action: string;
    /** One-time id of a confirmation prompt (Confirm and Cancel): the adapter refuses a second use. */
    nonce?: string;
  };
}

/**
 * One button. The command runs as whoever clicks, with their role. Clients without Universal Actions
 * get the same data as an `Action.Submit` (a message activity with `value`), which the adapter also
 * handles.
 */
export function actionElement(action: Action): CardElement {
  const style =
    action.style === 'primary' ? 'positive' : action.style === 'danger' ? 'destructive' : undefined;
  const title = clip(action.label, 60);
  const data: ActionData = { ise: { command: action.command, action: action.id } };
  return {
    type: 'Action.Execute',
    title,
    verb: verbOf(action.id),
    ...(style ? { style } : {}),
    data,
    fallback: { type: 'Action.Submit', title, ...(style ? { style } : {}), data },
  };
}

/** `confirm`, `cancel`, `ack` (for `ack:<check>`) or `run`: what the adapter does with the click. */
export function verbOf(actionId: string): string {
  if (actionId === 'confirm' || actionId === 'cancel') return actionId;
  if (actionId.startsWith('ack:')) return 'ack';
  return 'run';
}

/**
 * The card with `version` at least EXECUTE_VERSION when it carries an Action.Execute anywhere: clients
 * drop what a card's declared version does not cover. Cards already at 1.4 or later are returned as is.
 */
export function withExecuteVersion<T extends { version: string }>(card: T): T {
  const [major = 0, minor = 0] = card.version.split('.').map(Number);
  if (major > 1 || (major === 1 && minor >= 4)) return card;
  if (!JSON.stringify(card).includes('"Action.Execute"')) return card;
  return { ...card, version: EXECUTE_VERSION };
}

/**
 * Stamps `nonce` into every Confirm and Cancel button of the cards (wherever the layout put them,
 * ShowCards and fallbacks included): the prompt can then be answered once.
 */
export function sealConfirmation<T>(cards: T[], nonce: string): T[] {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = walk(child);
    const ise = (out.data as Partial<ActionData> | undefined)?.ise;
    if (
      (out.type === 'Action.Execute' || out.type === 'Action.Submit') &&
      ise &&
      (ise.action === 'confirm' || ise.action === 'cancel')
    ) {
      out.data = { ...(out.data as object), ise: { ...ise, nonce } };
    }
    return out;
  };
  return cards.map((card) => walk(card) as T);
}
