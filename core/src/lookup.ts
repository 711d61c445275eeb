// Binary searches over the tree's sorted, non-overlapping byte ranges (chunks, calls, segments).

import type { ByteRange } from './model';

/** Index of the item whose bytes hold `offset`, or -1. Items must be sorted and not overlap. */
export function indexAtOffset(items: readonly { bytes: ByteRange }[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = items[mid].bytes;
    if (offset < b.start) hi = mid - 1;
    else if (offset >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The item whose bytes hold `offset`. */
export function itemAtOffset<T extends { bytes: ByteRange }>(items: readonly T[], offset: number): T | undefined {
  const i = indexAtOffset(items, offset);
  return i < 0 ? undefined : items[i];
}
