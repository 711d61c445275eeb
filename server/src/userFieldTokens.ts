// Which bytes a user schema (.ksy) decoded, for the `userField` semantic-token modifier
// (semanticTokens.ts): the ranges of the user fields' leaves, searched by binary search.

import { CHUNK_TYPES, type ByteRange, type FieldNode } from '../../core/src';
import type { DocContext } from './context';

export class UserFieldIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(ctx: DocContext) {
    const s = ctx.userSchemas;
    if (!s) return;
    const keys = new Set(s.entries.map((e) => e.key));
    const ranges: ByteRange[] = [];
    const leaves = (fs: FieldNode[]) => {
      for (const f of fs) {
        if (f.children?.length) leaves(f.children);
        else if (f.user && f.bytes.end > f.bytes.start) ranges.push(f.bytes);
      }
    };
    for (const c of ctx.doc.chunks) {
      const t = c.header?.type;
      // Only the chunks a schema may decode: their payload fields were built when the schemas ran.
      if (t === undefined || !(t === CHUNK_TYPES.PACKET ? keys.has('vsp') || keys.has('lib') : keys.has(t))) continue;
      for (const f of c.payloadFields) if (f.children?.length && f.children[0].user) leaves(f.children);
    }
    ranges.sort((a, b) => a.start - b.start);
    for (const r of ranges) {
      this.starts.push(r.start);
      this.ends.push(r.end);
    }
  }

  /** Whether byte `at` belongs to a user field. */
  covers(at: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.ends[lo - 1] > at;
  }
}
