// Marks of the restored state for the debugger's time travel (RestoreSession.rewindTo). Between
// two VmbChannelCleanup calls the state only grows: a call commits a new shallow copy of the state
// whose maps and lists extend the previous ones and never change an entry already in them. So a
// mark is the state object and the length of each collection, and rewinding truncates them.

import type { RestoredState } from './restoredState';

export interface StateMark {
  /** The committed state object at the mark (its scalars; the collections are shared). */
  readonly state: RestoredState;
  readonly gpadls: number;
  readonly packets: number;
  readonly notes: number;
  readonly rings: number;
  readonly chunkAt: number;
  /** Fragments of the unfinished CONTINUES record, if any. */
  readonly parts: number;
}

export function markState(s: RestoredState): StateMark {
  return {
    state: s,
    gpadls: s.gpadls.size,
    packets: s.packets.size,
    notes: s.notes.length,
    rings: s.rings.length,
    chunkAt: s.chunkAt.length,
    parts: s.continuation?.parts.length ?? 0,
  };
}

/** Drop the entries a map gained after it held `size` (maps iterate in insertion order). */
function truncateMap<K, V>(m: Map<K, V>, size: number): void {
  if (m.size <= size) return;
  if (size * 2 < m.size) {
    // Most entries go: keeping the few is cheaper than deleting the many one by one.
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

/** The state as it was at the mark; the collections are cut back to their length then. */
export function rewindState(m: StateMark): RestoredState {
  const s = m.state;
  truncateMap(s.gpadls, m.gpadls);
  truncateMap(s.packets, m.packets);
  s.notes.length = Math.min(s.notes.length, m.notes);
  s.rings.length = Math.min(s.rings.length, m.rings);
  s.chunkAt.length = Math.min(s.chunkAt.length, m.chunkAt);
  if (s.continuation) s.continuation.parts.length = Math.min(s.continuation.parts.length, m.parts);
  return s.continuation ? { ...s, continuation: { ...s.continuation } } : { ...s };
}
