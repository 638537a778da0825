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
  /** Trust an unpinned key on first use and hand it to `rememberHostKey`. A changed key is never trusted. */
  acceptUnknownHostKeys: boolean;
  rememberHostKey?: (hostname: string, fingerprint: string) => Promise<void>;
  /** Connect + login timeout, up to the first prompt. */
  timeoutMs: number;
  /** The deployment's sessions per node, which every login counts against; the process's, uncapped, if none. */
  sessions?: NodeSessions;
}

/** `10.0.0.5:22`: how messages name the socket a target is reached on. */
export const describeTarget = (t: SshTarget) => `${t.address}:${t.port}`;
