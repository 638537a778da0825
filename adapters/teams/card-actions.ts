import type { Action } from '../../src/reply/model.js';
import { type CardElement, clip } from './card-text.js';

/**
 * Card buttons are Universal Actions (`Action.Execute`): a click arrives as an `invoke` named
 * `adaptiveCard/action` whose answer is the card that replaces the clicked one, so Confirm, Cancel and
 * Acknowledge update the card in place. Action.Execute needs card version 1.4, which `requiredVersion`
 * (card-version.ts) declares for every card carrying one.
 */

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

/** A button that unfolds a card inside this one ("Show details", "More"); nothing is sent to the bot. */
export function showCardAction(title: string, body: CardElement[], actions: CardElement[] = []): CardElement {
  return {
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body, ...(actions.length > 0 ? { actions } : {}) },
  };
}

/**
 * "More": the less used buttons, in rows of two (ActionSets in the unfolded card's body), so a long
 * list of Acknowledges wraps instead of running off the card or into a host's overflow menu.
 */
export function moreAction(actions: readonly Action[]): CardElement {
  const rows: CardElement[] = [];
  for (let i = 0; i < actions.length; i += 2) {
    rows.push({ type: 'ActionSet', actions: actions.slice(i, i + 2).map(actionElement) });
  }
  return showCardAction('More', rows);
}

/** The most buttons a card shows at once; the rest go behind "More" (Teams shows at most 6). */
export const VISIBLE_ACTIONS = 5;

/**
 * Which Reply actions show as buttons and which go behind "More": secondary ones always go; when the
 * rest still exceed the `slots`, a family of per-item buttons (ids `ack:ntp`, `ack:dns`, …) goes
 * too, then the last ones, so a single "Run again" stays visible next to many Acknowledges.
 */
export function splitActions(actions: readonly Action[], slots: number): { shown: Action[]; more: Action[] } {
  let shown = actions.filter((a) => !a.secondary);
  const fits = (n: number, rest: number) => n + (rest > 0 ? 1 : 0) <= slots;
  if (fits(shown.length, actions.length - shown.length)) {
    return { shown, more: actions.filter((a) => a.secondary) };
  }
  const family = (a: Action) => a.id.split(':')[0] ?? a.id;
  const sizes = new Map<string, number>();
  for (const a of shown) if (a.id.includes(':')) sizes.set(family(a), (sizes.get(family(a)) ?? 0) + 1);
  shown = shown.filter((a) => !a.id.includes(':') || (sizes.get(family(a)) ?? 0) < 2);
  shown = shown.slice(0, Math.max(0, slots - 1));
  const visible = new Set(shown);
  return { shown, more: actions.filter((a) => !visible.has(a)) };
}
