import type { types } from '@slack/bolt';
import { ACTION_PREFIX, parseOptionValue } from './buttons.js';
import { FINDING_EMOJI } from './sections.js';

type KnownBlock = types.KnownBlock;

const MAX_BLOCKS = 50;
const CONFIRMED_EMOJI = ':ballot_box_with_check:';

export interface Confirmation {
  /** The finding's section id: `finding:<check-id>`. */
  sectionId: string;
  /** The mrkdwn line to show under it ("Confirmed by <@U1> at <!date^…>"). */
  line: string;
  /** The neutral id of the action that confirmed it (`ack:ntp`): its button or menu option goes. */
  actionId: string;
}

/**
 * A posted report with one item confirmed: the item's blocks (found by the block_ids derived from its
 * section id) get the confirmation line and a ticked mark, and the action that confirmed it leaves the
 * buttons or the menu. Undefined when the message holds neither the item nor the action.
 */
export function confirmInPlace(blocks: readonly KnownBlock[], c: Confirmation): KnownBlock[] | undefined {
  const out = structuredClone(blocks) as KnownBlock[];
  const mine = (b: KnownBlock) => b.block_id === c.sectionId || b.block_id?.startsWith(`${c.sectionId}#`);
  const lineId = `${c.sectionId}#confirmed`;
  const last = out.findLastIndex(mine);
  let changed = false;
  if (last >= 0 && !out.some((b) => b.block_id === lineId)) {
    const first = out.find(mine);
    if (first?.type === 'section' && first.text?.text.startsWith(FINDING_EMOJI.manual)) {
      first.text.text = `${CONFIRMED_EMOJI}${first.text.text.slice(FINDING_EMOJI.manual.length)}`;
    }
    const lastBlock = out[last];
    if (out.length < MAX_BLOCKS) {
      out.splice(last + 1, 0, {
        type: 'context',
        block_id: lineId,
        elements: [{ type: 'mrkdwn', text: c.line }],
      });
    } else if (lastBlock?.type === 'section' && lastBlock.text) {
      // No room for a block: the line joins the item's last section instead.
      lastBlock.text.text = `${lastBlock.text.text}\n${c.line}`.slice(0, 3000);
    }
    changed = true;
  }
  const result = removeAction(out, c.actionId);
  return changed || result !== out ? result : undefined;
}

/** The blocks without the confirming button or menu option; the same array when it was not there. */
function removeAction(blocks: KnownBlock[], actionId: string): KnownBlock[] {
  let removed = false;
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type !== 'actions') {
      out.push(block);
      continue;
    }
    const elements: types.ActionsBlockElement[] = [];
    for (const element of block.elements) {
      if (element.type === 'button' && element.action_id === `${ACTION_PREFIX}${actionId}`) {
        removed = true;
        continue;
      }
      if ((element.type === 'overflow' || element.type === 'static_select') && element.options) {
        const options = element.options.filter((o) => parseOptionValue(o.value ?? '').id !== actionId);
        if (options.length !== element.options.length) removed = true;
        if (options.length === 0) continue;
        elements.push({ ...element, options } as types.ActionsBlockElement);
        continue;
      }
      elements.push(element);
    }
    if (elements.length > 0) out.push({ ...block, elements });
  }
  return removed ? out : blocks;
}
