import { createHash } from 'node:crypto';

/** `SHA256:<base64 without padding>` of a public key blob, exactly as `ssh-keygen -lf` and OpenSSH print it. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Accepts pins written with or without the `SHA256:` prefix and base64 padding. */
export function normaliseFingerprint(pin: string): string {
  const body = pin
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
  return `SHA256:${body}`;
}

export type HostKeyVerdict =
  | { ok: true; fingerprint: string; remember: boolean }
  | { ok: false; fingerprint: string; reason: 'unknown' | 'changed'; pinned: string[] };

/** Decides on a presented host key: pinned keys must match; an unknown key is accepted only on request. */
export function judgeHostKey(
  blob: Buffer,
  pinned: string | readonly string[] | undefined,
  acceptUnknown: boolean,
): HostKeyVerdict {
  const fingerprint = sshFingerprint(blob);
  const pins = (typeof pinned === 'string' ? [pinned] : (pinned ?? [])).map(normaliseFingerprint);
  if (pins.length > 0) {
    return pins.includes(fingerprint)
      ? { ok: true, fingerprint, remember: false }
      : { ok: false, fingerprint, reason: 'changed', pinned: pins };
  }
  return acceptUnknown
    ? { ok: true, fingerprint, remember: true }
    : { ok: false, fingerprint, reason: 'unknown', pinned: [] };
}
