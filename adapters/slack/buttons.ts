import type { types } from '@slack/bolt';
import type { Action } from '../../src/reply/model.js';
import type { SlackLimits } from './limits.js';
import { clip } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;

/** The prefix `ise:` routes clicks to this adapter; the suffix is the neutral action id. */
export const ACTION_PREFIX = 'ise:';
/** The one menu of less used actions in a message (`ise:more`). */
export const MENU_ACTION = `${ACTION_PREFIX}more`;

/** Slack's caps: a button's value, an action id, a menu option's value and text, and options per overflow menu. */
const BUTTON_VALUE = 2000;
const ACTION_ID = 255;
const OPTION_VALUE = 150;
const OPTION_TEXT = 75;
const OVERFLOW_OPTIONS = 5;
const SELECT_OPTIONS = 100;

/**
 * The reply's actions as one actions block: buttons, of which only the first `primary` one keeps its
 * style (Slack advises one primary per message), then one menu holding every `secondary` action: an
 * overflow menu for up to five, a "More…" select beyond. A secondary action that asks for confirmation
 * stays a button, since a menu option cannot show a dialog of its own. A menu option's value carries the neutral
 * action id and the command (`ack:ntp ack ntp --deployment prod`), so a choice runs like a click.
 */
export function actionBlocks(actions: readonly Action[], limits: SlackLimits): KnownBlock[] {
  // A value too long for Slack is left out rather than cut: a shortened command would run something else.
  const inMenu = actions.filter((a) => a.secondary && !a.confirm && optionValue(a).length <= OPTION_VALUE);
  const asButtons = actions.filter((a) => !inMenu.includes(a) && a.command.length <= BUTTON_VALUE);
  // A secondary action too long for a menu option stays reachable as a button, but never the primary.
  const primary = asButtons.find((a) => a.style === 'primary' && !a.secondary);
  const seen = new Set<string>();
  const elements: types.ActionsBlockElement[] = asButtons.map((a, i) => {
    const unique = seen.has(a.id) || a.id.length > ACTION_ID - 20;
    const id = unique ? `${ACTION_PREFIX}${a.id.slice(0, ACTION_ID - 20)}:${i}` : `${ACTION_PREFIX}${a.id}`;
    seen.add(a.id);
    const style = a.style === 'primary' && a !== primary ? undefined : a.style;
    return button(a, id, style);
  });
  const options = inMenu.slice(0, SELECT_OPTIONS).map(
    (a): types.PlainTextOption => ({
      text: { type: 'plain_text', text: clip(a.label, OPTION_TEXT), emoji: true },
      value: optionValue(a),
    }),
  );
  if (options.length > 0 && options.length <= OVERFLOW_OPTIONS) {
    elements.push({ type: 'overflow', action_id: MENU_ACTION, options });
  } else if (options.length > OVERFLOW_OPTIONS) {
    elements.push({
      type: 'static_select',
      action_id: MENU_ACTION,
      placeholder: { type: 'plain_text', text: 'More…', emoji: true },
      options,
    });
  }
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < elements.length; i += limits.actionsPerBlock) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + limits.actionsPerBlock) });
  }
  return blocks;
}

/** `<action id> <command>`: what a menu option carries (ids have no spaces). */
export function optionValue(action: Pick<Action, 'id' | 'command'>): string {
  return `${action.id} ${action.command}`;
}

/** The action id and command of a chosen menu option. */
export function parseOptionValue(value: string): { id: string; command: string } {
  const space = value.indexOf(' ');
  return space < 0
    ? { id: value, command: '' }
    : { id: value.slice(0, space), command: value.slice(space + 1) };
}

function button(a: Action, actionId: string, style: Action['style']): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: clip(a.label, 75), emoji: true },
    ...(a.command === '' ? {} : { value: a.command }),
    ...(style ? { style } : {}),
    ...(a.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: clip(a.confirm.title, 100) },
            text: { type: 'plain_text', text: clip(a.confirm.text, 300) },
            confirm: { type: 'plain_text', text: clip(a.confirm.confirm, 30) },
            deny: { type: 'plain_text', text: clip(a.confirm.deny, 30) },
            ...(style ? { style } : {}),
          },
        }
      : {}),
  };
}
