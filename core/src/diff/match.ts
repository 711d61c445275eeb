// Matching by identity and alignment: records with equal keys pair up; the pairs on the longest
// common order anchor the alignment, the other pairs are "reordered" (docs/compare.md, "Matching").

import type { Side, SideRecord } from './records';

export interface Aligned {
  a?: SideRecord;
  b?: SideRecord;
  reordered: boolean;
}

/** Indices (into `xs`) of one longest strictly increasing subsequence: O(n log n). */
export function longestIncreasing(xs: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index in xs of the smallest tail of an increasing run of length k+1
  const prev = new Int32Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]] < xs[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

/**
 * The aligned rows: A's records in A's order (matched or not); each B-only record right after the
 * row of the B record before it, so both columns read in their own stream order where they can.
 */
export function align(a: Side, b: Side): Aligned[] {
  const byKey = new Map<string, SideRecord>();
  for (const r of b.records) byKey.set(r.key, r);
  const partner = new Int32Array(a.records.length).fill(-1);
  const matchedB = new Uint8Array(b.records.length);
  const pairs: number[] = []; // A ordinals of matched records, in A order
  const bPos: number[] = [];
  for (const r of a.records) {
    const m = byKey.get(r.key);
    if (!m) continue;
    partner[r.ref.ordinal] = m.ref.ordinal;
    matchedB[m.ref.ordinal] = 1;
    pairs.push(r.ref.ordinal);
    bPos.push(m.ref.ordinal);
  }
  const inOrder = longestIncreasing(bPos);
  const anchoredB = new Uint8Array(b.records.length);
  const reordered = new Uint8Array(a.records.length);
  pairs.forEach((ai, k) => {
    if (inOrder.has(k)) anchoredB[bPos[k]] = 1;
    else reordered[ai] = 1;
  });
  // B-only records go after the row of the nearest anchored B record before them (or first).
  const after = new Map<number, SideRecord[]>(); // A ordinal (-1: before everything) → B-only records
  let anchor = -1;
  const aOfB = new Int32Array(b.records.length).fill(-1);
  for (let i = 0; i < a.records.length; i++) if (partner[i] >= 0) aOfB[partner[i]] = i;
  for (const r of b.records) {
    const o = r.ref.ordinal;
    if (anchoredB[o]) anchor = aOfB[o];
    else if (!matchedB[o]) {
      const list = after.get(anchor);
      if (list) list.push(r);
      else after.set(anchor, [r]);
    }
  }
  const rows: Aligned[] = [];
  for (const r of after.get(-1) ?? []) rows.push({ b: r, reordered: false });
  for (const r of a.records) {
    const o = r.ref.ordinal;
    rows.push(
      partner[o] >= 0 ? { a: r, b: b.records[partner[o]], reordered: reordered[o] === 1 } : { a: r, reordered: false },
    );
    for (const x of after.get(o) ?? []) rows.push({ b: x, reordered: false });
  }
  return rows;
}
