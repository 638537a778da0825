import type { ClientChannel, Client as SshClient } from 'ssh2';
import ssh2 from 'ssh2';
import { IseSshError, IseTimeoutError } from '../errors.js';
import { judgeHostKey } from './host-key.js';
import { PASSWORD_EXPIRED } from './screen-text.js';
import { describeTarget, type SshTarget } from './target.js';

const { Client } = ssh2;

export interface Connected {
  client: SshClient;
  channel: ClientChannel;
  fingerprint: string;
  /** True when the key was unknown and handed to `rememberHostKey`. */
  remembered: boolean;
}

/**
 * Connects, verifies the host key, authenticates and opens an interactive shell with a PTY: ISE has no
 * usable exec channel (ise-cli.md §1.6), every automation tool drives it through a shell. Rejects with an
 * `IseSshError` (or `IseTimeoutError`) whose message names the node and says what to fix.
 */
export function connectShell(target: SshTarget, signal?: AbortSignal): Promise<Connected> {
  const where = describeTarget(target);
  const client = new Client();
  let hostKeyError: IseSshError | undefined;
  /** Why the bot itself hung up during authentication. */
  let refusal: IseSshError | undefined;
  let fingerprint = '';
  let remembered = false;

  return new Promise<Connected>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.end();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    client.on('error', (error: Error & { level?: string; code?: string }) =>
      fail(refusal ?? hostKeyError ?? mapError(error)),
    );
    client.on('close', () =>
      fail(
        refusal ??
          hostKeyError ??
          new IseSshError(target.hostname, `${where} closed the SSH connection during login`),
      ),
    );
    client.on('keyboard-interactive', (name, instructions, _lang, prompts, finish) => {
      // PAM changes an aged password inside keyboard-interactive: never answer that with the password.
      const expired = [name, instructions, ...prompts.map((p) => p.prompt)]
        .flatMap((text) => text.split('\n'))
        .find((line) => PASSWORD_EXPIRED.test(line.trim()));
      if (expired) {
        refusal = passwordExpiredError(target, expired.trim());
        finish([]);
        client.end();
        return;
      }
      // ISE's sshd is OpenSSH behind PAM: keyboard-interactive asks for the same password (ise-cli.md §1.6).
      finish(prompts.map(() => target.password?.reveal() ?? ''));
    });
    client.on('ready', () => {
      client.shell({ term: 'vt100', rows: 24, cols: 200 }, (error, channel) => {
        if (error)
          return fail(
            new IseSshError(target.hostname, `${where} refused an interactive shell: ${error.message}`),
          );
        if (settled) return channel.close();
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({ client, channel, fingerprint, remembered });
      });
    });

    const password = target.password?.reveal();
    client.connect({
      host: target.address,
      port: target.port,
      username: target.username,
      ...(password === undefined ? {} : { password }),
      ...(target.privateKey === undefined ? {} : { privateKey: target.privateKey }),
      tryKeyboard: true,
      readyTimeout: target.timeoutMs,
      // Backups hold the channel silent for minutes: keepalives stop NAT and firewalls from dropping it.
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      // Runs during key exchange, before any authentication: a refused key never sees the password.
      hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
        const verdict = judgeHostKey(blob, target.hostKeys, target.acceptUnknownHostKeys);
        fingerprint = verdict.fingerprint;
        if (!verdict.ok) {
          hostKeyError = hostKeyRefused(target, verdict.fingerprint, verdict.reason, verdict.pinned);
          if (verdict.reason === 'changed')
            target.onHostKeyRefused?.(target.hostname, verdict.pinned.join(' or '), verdict.fingerprint);
          return verify(false);
        }
        if (!verdict.remember || !target.rememberHostKey) return verify(true);
        target.rememberHostKey(target.hostname, verdict.fingerprint).then(
          (stored) => {
            // Another login to the same node stored a different key first: one of the two is an impostor.
            if (stored !== undefined && stored !== verdict.fingerprint) {
              hostKeyError = hostKeyRefused(
                { ...target, hostKeySource: 'remembered' },
                verdict.fingerprint,
                'changed',
                [stored],
              );
              target.onHostKeyRefused?.(target.hostname, stored, verdict.fingerprint);
              return verify(false);
            }
            remembered = true;
            verify(true);
          },
          (error: unknown) => {
            hostKeyError = new IseSshError(
              target.hostname,
              `could not store the SSH host key ${verdict.fingerprint}, so the connection was refused`,
              undefined,
              error,
            );
            verify(false);
          },
        );
      },
    });

    function mapError(error: Error & { level?: string; code?: string }): Error {
      if (error.level === 'client-authentication') {
        return new IseSshError(
          target.hostname,
          `SSH login as "${target.username}" was refused: wrong user name or ${target.privateKey ? 'key' : 'password'}, ` +
            'or the account is not allowed to use the CLI',
          'ISE admin CLI accounts are separate from GUI admins: check the CLI user (`username ... role admin`).',
        );
      }
      if (error.level === 'client-timeout') {
        return new IseTimeoutError(`SSH connection to ${target.hostname} (${where})`, target.timeoutMs);
      }
      if (error.code === 'ECONNREFUSED') {
        return new IseSshError(
          target.hostname,
          `SSH connection to ${where} was refused`,
          'Check the address and port, and that SSH is enabled on the node (`service sshd enable`).',
        );
      }
      if (error.code === 'ENOTFOUND' || error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') {
        return new IseSshError(target.hostname, `cannot reach ${where} (${error.code})`);
      }
      return new IseSshError(
        target.hostname,
        `SSH connection to ${where} failed: ${error.message}`,
        undefined,
        error,
      );
    }
  });
}

/** The node wants the CLI account's password changed before it lets the bot in. */
export function passwordExpiredError(target: SshTarget, line: string): IseSshError {
  return new IseSshError(
    target.hostname,
    `the CLI password of "${target.username}" has expired: the node asks for a new one at login ("${line}")`,
    `Log in to ${target.hostname} once over SSH as ${target.username} and set a new password, then update ` +
      "the bot's config; the bot never changes passwords itself. To stop it recurring, see the CLI " +
      '`password-policy` (password-expiration-days).',
  );
}

function hostKeyRefused(
  target: SshTarget,
  seen: string,
  reason: 'unknown' | 'changed',
  pinned: string[],
): IseSshError {
  const where = describeTarget(target);
  if (reason === 'changed' && target.hostKeySource === 'remembered') {
    const forget = target.forgetCommand ?? `hostkeys forget ${target.hostname}`;
    return new IseSshError(
      target.hostname,
      `the SSH host key of ${where} CHANGED since the bot first trusted it: stored ${pinned.join(' or ')}, ` +
        `offered ${seen}. Refused before logging in (no password was sent). ` +
        `If the new key is genuine, an admin accepts it with \`${forget}\``,
      "Compare the offered key with the one on the node's console first: if the node was not reinstalled " +
        'and its key not regenerated, someone may be intercepting the connection.',
    );
  }
  if (reason === 'changed') {
    return new IseSshError(
      target.hostname,
      `the SSH host key of ${where} CHANGED: pinned ${pinned.join(' or ')}, presented ${seen}. ` +
        'Refusing to connect (no password was sent)',
      'If the node was reinstalled or its key regenerated, verify the new key on the console and pin it ' +
        'under ssh.hostKeys; otherwise someone may be intercepting the connection.',
    );
  }
  return new IseSshError(
    target.hostname,
    `unknown SSH host key ${seen} for ${where}: no key is pinned, so the connection was refused`,
    `Verify it on the node and pin it under ssh.hostKeys (host key fingerprint "${seen}"), or set ` +
      "ssh.acceptUnknownHostKeys: true to trust each node's key on first use.",
  );
}
