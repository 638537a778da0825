import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a counter, then random bits. Within one
 * process ids are strictly increasing (RFC 9562 §6.2 method 1: a 42-bit counter seeded at random each
 * new millisecond, never going back even when the clock does), so thousands of ids in one
 * millisecond never collide; across replicas the 32 random bits per id and the random counter seed
 * keep a collision out of reach. As lowercase hex of fixed width they sort as text in time order.
 */
export type Uuid7Generator = (at: Date) => string;

const COUNTER_BITS = 42n;
// Seeded below half the range so a burst of 2^41 ids in one millisecond still fits before the
// counter would spill into the next millisecond.
const SEED_MASK = (1n << (COUNTER_BITS - 1n)) - 1n;
const COUNTER_MAX = (1n << COUNTER_BITS) - 1n;

export function uuid7Generator(): Uuid7Generator {
  let lastMs = -1;
  let counter = 0n;
  return (at: Date) => {
    let ms = Math.max(0, Math.floor(at.getTime()));
    if (ms > lastMs) {
      lastMs = ms;
      counter = randomBytes(8).readBigUInt64BE() & SEED_MASK;
    } else {
      ms = lastMs;
      counter++;
      if (counter > COUNTER_MAX) {
        // 2^41 ids in one millisecond: borrow the next millisecond rather than repeat an id.
        lastMs++;
        ms = lastMs;
        counter = 0n;
      }
    }
    const random = randomBytes(4).readUInt32BE();
    // 48 ms | 4 version | 12 counter-high | 2 variant | 30 counter-low | 32 random
    const high = counter >> 30n;
    const low = counter & ((1n << 30n) - 1n);
    const hex =
      BigInt(ms).toString(16).padStart(12, '0') +
      (0x7000n | high).toString(16).padStart(4, '0') +
      ((0b10n << 62n) | (low << 32n) | BigInt(random)).toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The process-wide generator: one sequence, so every id this process writes is unique. */
export const uuid7: Uuid7Generator = uuid7Generator();
