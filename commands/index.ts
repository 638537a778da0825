import { help } from './help.js';
import { nodes } from './nodes.js';
import type { Command } from './types.js';

/** Every chat command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [help, nodes];
