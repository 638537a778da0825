import { at, mention } from '../reply/inline.js';
import type { Field, Inline } from '../reply/model.js';
import type { CertMute } from '../store/cert-mutes.js';

/** Who muted a certificate and until when: people and times as the platform shows them. */
export function muteFields(m: CertMute): Field[] {
  return [
    { label: 'Certificate', value: m.label },
    { label: 'Fingerprint', value: m.fingerprint },
    { label: 'Muted by', value: [mention(m.by)] },
    { label: 'Until', value: [at(m.until)] },
    ...(m.reason === undefined ? [] : [{ label: 'Reason', value: m.reason }]),
  ];
}

/** `<label>: muted by <who> until <when> (reason)`, one line of the `certs` listing. */
export function mutedLine(m: CertMute, label = m.label): Inline[] {
  return [
    `${label}: muted by `,
    mention(m.by),
    ' until ',
    at(m.until),
    ...(m.reason === undefined ? [] : [` (${m.reason})`]),
  ];
}

/** A mute in the JSON of `certs` and of `certs mute`/`unmute`. */
export interface MuteJson {
  fingerprint: string;
  label: string;
  by: string;
  at: string;
  until: string;
  reason: string | null;
}

export function muteJson(m: CertMute): MuteJson {
  return {
    fingerprint: m.fingerprint,
    label: m.label,
    by: m.by,
    at: m.at.toISOString(),
    until: m.until.toISOString(),
    reason: m.reason ?? null,
  };
}
