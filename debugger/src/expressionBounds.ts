// Bounds that keep one expression from freezing the adapter (it runs inside VS Code's extension
// host), and the checks that apply them to wide integers and shift counts.

import { ExpressionError } from './expressionValues';

/**
 * Source length, nesting depth, the size of 64-bit-and-wider integers, the length of strings
 * built with `+`. docs/step-restore.md ("Watch names") states them.
 */
export const MAX_EXPRESSION_LENGTH = 4096;
export const MAX_NESTING = 100;
export const MAX_BIGINT_BITS = 1024;
export const MAX_STRING_RESULT = 65536;
const BIGINT_LIMIT = 1n << BigInt(MAX_BIGINT_BITS);

/** A wide integer result, refused when its magnitude needs more than MAX_BIGINT_BITS bits. */
export function boundedBigint(v: bigint, what: string): bigint {
  if ((v < 0n ? -v : v) >= BIGINT_LIMIT)
    throw new ExpressionError(
      `${what} needs more than ${MAX_BIGINT_BITS} bits; expressions work on integers of at most ${MAX_BIGINT_BITS} bits`,
    );
  return v;
}

/** A 64-bit shift count, from 0 to MAX_BIGINT_BITS (a negative count would shift the other way, unbounded). */
export function shiftCount(r: bigint, op: string): bigint {
  if (r < 0n || r > BigInt(MAX_BIGINT_BITS))
    throw new ExpressionError(
      `"${op}" shift count ${r < 0n ? r : r > BIGINT_LIMIT ? `of more than ${MAX_BIGINT_BITS} bits` : r} is out of range: 64-bit shifts take a count from 0 to ${MAX_BIGINT_BITS}`,
    );
  return r;
}
