// Marks of the restored state for the debugger's time travel (RestoreSession.rewindTo). Between
// two VmbChannelCleanup calls the state only grows: a call commits a new shallow copy of the state
// whose maps and lists extend the previous ones and never change an entry already in them. So a
// mark is the state object and the length of each of its collections, and rewinding cuts them
// back. Every Map and array field counts, so a collection added to RestoredState is covered too.

import type { RestoredState } from './restoredState';

export interface StateMark {
  /** The committed state object at the mark (its scalars; the collections are shared). */
  readonly state: RestoredState;
  /** Size of each Map or array field of the state at the mark, by field name. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Fragments of the unfinished CONTINUES record, if any. */
  readonly parts: number;
}

export function markState(s: RestoredState): StateMark {
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries(s)) {
    if (v instanceof Map) sizes.set(k, v.size);
    else if (Array.isArray(v)) sizes.set(k, v.length);
  }
  return { state: s, sizes, parts: s.continuation?.parts.length ?? 0 };
}

/** Drop the entries a map gained after it held `size` (maps iterate in insertion order). */
function truncateMap<K, V>(m: Map<K, V>, size: number): void {
  if (m.size <= size) return;
  if (m.size - size > 1024) {
    // Many entries go: rebuilding from the kept ones is cheaper than deleting one by one (which
    // also leaves the table to shrink and rehash).
    const keep: [K, V][] = [];
    for (const e of m) {
      if (keep.length === size) break;
      keep.push(e);
    }
    m.clear();
    for (const [k, v] of keep) m.set(k, v);
    return;
  }
  let i = 0;
  for (const k of m.keys()) if (i++ >= size) m.delete(k);
}

/** The state as it was at the mark; the collections are cut back to their size then. */
export function rewindState(m: StateMark): RestoredState {
  const s = m.state;
  const fields = s as unknown as Record<string, unknown>;
  for (const [k, size] of m.sizes) {
    const v = fields[k];
    if (v instanceof Map) truncateMap(v, size);
    else if (Array.isArray(v) && v.length > size) v.length = size;
  }
  if (s.continuation) s.continuation.parts.length = Math.min(s.continuation.parts.length, m.parts);
  return s.continuation ? { ...s, continuation: { ...s.continuation } } : { ...s };
}
