import type { AccessConfig } from '../src/config/schema.js';
import type { Invocation, Role } from './types.js';
import { ROLES } from './types.js';

export function rank(role: Role | undefined): number {
  return role === undefined ? -1 : ROLES.indexOf(role);
}

/**
 * The caller's role, deny by default (STYLE.md §10): no `access` block means nobody in chat has a role.
 * The person at the CLI or console already holds the bot's config and credentials, so they act as
 * operator (CONTRACTS.md: `run` is "user cli with the operator role"); `access` can make them admin.
 */
export function resolveRole(access: AccessConfig | undefined, invocation: Invocation): Role | undefined {
  const local = invocation.platform === 'cli' || invocation.platform === 'console';
  const listed = (list: readonly string[]) => list.includes(invocation.user) || list.includes('*');
  let role: Role | undefined;
  if (access) {
    if (listed(access.admins)) role = 'admin';
    else if (listed(access.operators)) role = 'operator';
    else if (listed(access.viewers)) role = 'viewer';
  }
  if (local && rank(role) < rank('operator')) role = 'operator';
  return role;
}

/** The channel allow-list: empty means any channel; local platforms have no channel to restrict. */
export function channelAllowed(access: AccessConfig | undefined, invocation: Invocation): boolean {
  if (invocation.platform === 'cli' || invocation.platform === 'console') return true;
  const channels = access?.channels ?? [];
  return channels.length === 0 || channels.includes(invocation.channel);
}

export function roleAllows(held: Role | undefined, needed: Role): boolean {
  return rank(held) >= rank(needed);
}
