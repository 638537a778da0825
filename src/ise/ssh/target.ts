import type { Secret } from '../../secrets.js';
import type { NodeSessions } from './node-sessions.js';

/** One ISE node's admin CLI as the bot reaches it. */
export interface SshTarget {
  /** The ISE hostname, used in every message. */
  hostname: string;
  address: string;
  port: number;
  username: string;
  password?: Secret;
  /** OpenSSH or PEM private key, tried before the password. */
  privateKey?: string | Buffer;
  /** Pinned host key fingerprint(s), `SHA256:<base64>`; undefined when none is pinned yet. */
  hostKeys: string | readonly string[] | undefined;
  /**
   * Where `hostKeys` came from: the config (`ssh.hostKeys`, changed there) or the store, where the key
   * was remembered on first use (forgotten with `forgetCommand`). Config when absent.
   */
  hostKeySource?: 'config' | 'remembered';
  /** The chat command that forgets a remembered key, named when that key no longer matches. */
  forgetCommand?: string;
  /** Trust an unpinned key on first use and hand it to `rememberHostKey`. A changed key is never trusted. */
  acceptUnknownHostKeys: boolean;
  /**
   * Stores a key trusted on first use; resolves with the key stored for the node afterwards (another
   * one when a concurrent login stored first: the connection is then refused), or undefined if unknown.
   */
  rememberHostKey?: (hostname: string, fingerprint: string) => Promise<string | undefined>;
  /** Told about a key refused because it is not the pinned/remembered one (audit, log); never awaited by the login. */
  onHostKeyRefused?: (hostname: string, expected: string, offered: string) => void;
  /** Connect + login timeout, up to the first prompt. */
  timeoutMs: number;
  /** The deployment's sessions per node, which every login counts against; the process's, uncapped, if none. */
  sessions?: NodeSessions;
  /** Most bytes one command's output may have; past it the command is stopped (default 16 MiB). */
  maxOutputBytes?: number;
}

/** `10.0.0.5:22`: how messages name the socket a target is reached on. */
export const describeTarget = (t: SshTarget) => `${t.address}:${t.port}`;
