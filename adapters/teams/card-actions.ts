import type { Action } from '../../src/reply/model.js';
import { type CardElement, clip } from './card-text.js';

/**
 * Every button a card shows for a Reply action is made here, so the kind of action (Submit today,
 * Universal Actions' Execute later) is decided in one place.
 *
 * A Submit click comes back as a message whose `value` carries the command to run as the clicker.
 */
export function actionElement(action: Action): CardElement {
  const style =
    action.style === 'primary' ? 'positive' : action.style === 'danger' ? 'destructive' : undefined;
  return {
    type: 'Action.Submit',
    title: clip(action.label, 60),
    ...(style ? { style } : {}),
    data: { ise: { command: action.command, action: action.id } },
  };
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
