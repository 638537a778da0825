import { collectSnapshot } from '../ise/snapshot/collect.js';
import type { CollectSnapshot } from './engine.js';

/** The collector the commands use; commands take it as a parameter so tests can hand in snapshots. */
export const defaultCollect: CollectSnapshot = collectSnapshot;
