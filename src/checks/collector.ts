import { UserError } from '../errors.js';
import type { CollectSnapshot } from './engine.js';

/**
 * The collector the commands use. Until src/ise/snapshot/collect.ts lands this refuses with a sentence
 * for the admin; commands take the collector as a parameter, so tests hand in snapshots either way.
 */
export const defaultCollect: CollectSnapshot = async () => {
  throw new UserError(
    'collect-unavailable',
    'This build cannot read a deployment snapshot yet, so readiness checks cannot run.',
  );
};
