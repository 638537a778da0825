import { ack } from './ack.js';
import { audit } from './audit.js';
import { backup } from './backup.js';
import { check } from './check.js';
import { checklist } from './checklist.js';
import { help } from './help.js';
import { nodes } from './nodes.js';
import { readiness } from './readiness.js';
import type { Command } from './types.js';

/** Every chat command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [help, readiness, check, nodes, checklist, ack, backup, audit];
