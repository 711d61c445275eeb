// Where a chunk's header fields sit on its `.chunk` line for the outline and breadcrumbs. VS Code
// orders symbols by range start, then end, then name, and a breadcrumb names the first symbol
// whose range holds the cursor; twelve fields sharing the line's range came out alphabetically
// and every breadcrumb on the line said `Magic`. Here each field gets a range of its own.

import type { TextRange } from '../../core/src';

/** A span of columns on the `.chunk` line, [start, end]. */
export interface ColumnSpan {
  start: number;
  end: number;
}

/**
 * Column ranges for header fields listed in stream order. `anchors[i]` is the span that wrote
 * field i (the type token for Type, the `key=value` option for a field an option sets) or
 * undefined for a computed field. `keyword` is the `.chunk` token.
 *
 * A field with an anchor gets it, so the breadcrumb on `crc=` names PayloadCrc32c. The computed
 * fields after an anchor get zero-width positions inside it (after its first column, in stream
 * order), or inside the `.chunk` keyword before the first anchor: they sort right after the
 * field before them, and since that field comes first in the list, the cursor on its token
 * still finds that field. When the token has fewer columns than fields to place, nested
 * ranges (start q, end e, start < q <= e <= end) give more ordered slots; past even those
 * (a one-character type such as `.chunk 2` followed by six computed fields), the rest share the
 * last slot and VS Code orders them by name. Options written out of stream order are listed
 * where they are written.
 */
export function headerColumns(anchors: (ColumnSpan | undefined)[], keyword: ColumnSpan): ColumnSpan[] {
  const out: ColumnSpan[] = new Array(anchors.length);
  let host = keyword;
  let pending: number[] = [];
  const place = () => {
    const slots = nestedSlots(host, pending.length);
    pending.forEach((field, k) => (out[field] = slots[k]));
    pending = [];
  };
  anchors.forEach((a, i) => {
    if (!a) {
      pending.push(i);
      return;
    }
    place();
    out[i] = a;
    host = a;
  });
  place();
  return out;
}

function nestedSlots(host: ColumnSpan, count: number): ColumnSpan[] {
  const width = host.end - host.start;
  const slots: ColumnSpan[] = [];
  if (count <= width) {
    for (let k = 1; k <= count; k++) slots.push({ start: host.start + k, end: host.start + k });
    return slots;
  }
  for (let q = host.start + 1; q <= host.end && slots.length < count; q++) {
    for (let e = q; e <= host.end && slots.length < count; e++) slots.push({ start: q, end: e });
  }
  const last = slots[slots.length - 1] ?? { start: host.end, end: host.end };
  while (slots.length < count) slots.push(last);
  return slots;
}

/** A column span on one line as a text range. */
export function onLine(line: number, s: ColumnSpan): TextRange {
  return { start: { line, character: s.start }, end: { line, character: s.end } };
}
