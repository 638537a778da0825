import { ack } from './ack.js';
import { audit } from './audit.js';
import { backup } from './backup.js';
import { certs } from './certs.js';
import { check } from './check.js';
import { checklist } from './checklist.js';
import { help } from './help.js';
import { hostkeys } from './hostkeys.js';
import { nodes } from './nodes.js';
import { readiness } from './readiness.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import type { Command } from './types.js';
import { unsubscribe } from './unsubscribe.js';

/** Every chat command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  help,
  readiness,
  check,
  certs,
  nodes,
  checklist,
  ack,
  backup,
  subscribe,
  subscriptions,
  unsubscribe,
  audit,
  hostkeys,
];
