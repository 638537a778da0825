import type { types } from '@slack/bolt';
import type { SlackLimits } from './limits.js';
import { blockTextLength } from './sections.js';

type KnownBlock = types.KnownBlock;

/** One neutral section's blocks: kept in one message when they fit, split by block when they cannot. */
export type Unit = KnownBlock[];

export interface Packed {
  /** The summary message's body blocks (between its head and tail). */
  main: KnownBlock[];
  /** Thread replies, in order; each leaves one block and some text for its "part i of n" line. */
  parts: KnownBlock[][];
}

const PART_LABEL_RESERVE = 200;

/**
 * Fills the summary message with the main units up to its room (the head/tail already placed there),
 * then continues in thread parts: the main units that did not fit first, then the detail units, in
 * order. Nothing is dropped: the caller decides what to do about very many parts.
 */
export function pack(
  room: { blocks: number; text: number },
  mainUnits: Unit[],
  detailUnits: Unit[],
  limits: SlackLimits,
): Packed {
  const main: KnownBlock[] = [];
  let mainText = 0;
  let overflowAt = mainUnits.length;
  for (const [i, unit] of mainUnits.entries()) {
    const text = unit.reduce((n, b) => n + blockTextLength(b), 0);
    if (main.length + unit.length > room.blocks || mainText + text > room.text) {
      overflowAt = i;
      break;
    }
    main.push(...unit);
    mainText += text;
  }
  const rest = [...mainUnits.slice(overflowAt), ...detailUnits];
  return { main, parts: packParts(rest, limits) };
}

function packParts(units: Unit[], limits: SlackLimits): KnownBlock[][] {
  const maxBlocks = limits.blocksPerMessage - 1;
  const maxText = limits.textBudget - PART_LABEL_RESERVE;
  const parts: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let currentText = 0;
  const close = () => {
    if (current.length > 0) parts.push(current);
    current = [];
    currentText = 0;
  };
  const add = (block: KnownBlock) => {
    const text = blockTextLength(block);
    if (current.length + 1 > maxBlocks || currentText + text > maxText) close();
    current.push(block);
    currentText += text;
  };
  for (const unit of units) {
    const text = unit.reduce((n, b) => n + blockTextLength(b), 0);
    const fitsEmpty = unit.length <= maxBlocks && text <= maxText;
    // Start a fresh part rather than split a section that would fit in one on its own.
    if (fitsEmpty && (current.length + unit.length > maxBlocks || currentText + text > maxText)) close();
    for (const block of unit) add(block);
  }
  close();
  return parts;
}
