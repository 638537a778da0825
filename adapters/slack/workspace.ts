import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../src/log.js';

export interface WorkspaceRule {
  /** Workspaces (team ids) or Enterprise Grid orgs allowed; absent or empty: any. */
  teamIds?: readonly string[] | undefined;
  /** This app's id; absent: any. */
  appId?: string | undefined;
}

/**
 * Why a request is not from an allowed workspace and app, or undefined when it is. A signed request
 * proves it came from Slack for an app holding our signing secret, not that it came from our
 * workspace: a distributed or re-installed app receives other workspaces' requests. Unknown fails:
 * with a list set, a request naming no team is refused.
 */
export function workspaceRefusal(body: Record<string, unknown>, rule: WorkspaceRule): string | undefined {
  const appId = typeof body.api_app_id === 'string' ? body.api_app_id : undefined;
  if (rule.appId && appId !== rule.appId) return `api_app_id ${appId ?? '(none)'}`;
  const allowed = rule.teamIds ?? [];
  if (allowed.length === 0) return undefined;
  const team = body.team as { id?: unknown; enterprise_id?: unknown } | null | undefined;
  const enterprise = body.enterprise as { id?: unknown } | null | undefined;
  const ids = [body.team_id, team?.id, body.enterprise_id, team?.enterprise_id, enterprise?.id].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  if (ids.some((id) => allowed.includes(id))) return undefined;
  return `team ${ids[0] ?? '(none)'}`;
}

/**
 * Bolt middleware in front of every listener (slash commands, buttons, events; HTTP and Socket Mode
 * alike): a request from another workspace or app is acknowledged, so Slack does not retry it, logged,
 * and goes no further.
 */
export function workspaceGuard(rule: WorkspaceRule, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const refusal = workspaceRefusal(body, rule);
    if (!refusal) {
      await args.next();
      return;
    }
    log.warn(
      { refusal, type: body.type ?? body.command },
      'slack request from another workspace or app ignored',
    );
    const ack = (args as { ack?: () => Promise<void> }).ack;
    await ack?.();
  };
}
