// What the status bar says about the saved-state editor's caret, pure: the offset, the selection's
// length and the field under the caret (call › chunk › field path) from the analysis.

import type { WireAnalysis, WireField, WireItem } from '../../../../core/src';
import { parseNumber } from './navigate';

export interface CaretSelection {
  start: number;
  end: number;
  caret: number;
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

function fieldPath(fields: WireField[], offset: number): WireField[] {
  const out: WireField[] = [];
  let level: WireField[] | undefined = fields;
  while (level) {
    const hit: WireField | undefined = level.find((f) => offset >= f.bytes.start && offset < f.bytes.end);
    if (!hit) break;
    out.push(hit);
    level = hit.children;
  }
  return out;
}

function itemAt(a: WireAnalysis, offset: number): { call: number; item?: WireItem } | undefined {
  for (const c of a.calls) {
    if (offset < c.bytes.start || offset >= c.bytes.end) continue;
    return { call: c.index, item: c.items.find((i) => offset >= i.bytes.start && offset < i.bytes.end) };
  }
  return undefined;
}

/**
 * The status bar text and its tooltip: `0x1C · 4 bytes · GPADL › GpadlId` (the length only for a
 * selection of more than one byte; the field path when the analysis describes the caret's byte;
 * a chunk whose fields the analysis left out, a large file's lite analysis, names the chunk only).
 */
export function describeCaret(
  a: WireAnalysis | undefined,
  sel: CaretSelection,
  size: number,
): { text: string; tooltip: string } {
  const length = sel.end - sel.start;
  const parts = [sel.caret >= size ? `${hex(sel.caret)} (end)` : hex(sel.caret)];
  const tip = [`Caret at offset ${hex(sel.caret)} (${sel.caret}) of ${size} bytes`];
  if (length > 1) {
    parts.push(`${length} bytes`);
    tip.push(`Selection ${hex(sel.start)}–${hex(sel.end)} (end excluded), ${length} bytes`);
  }
  const at = a && sel.caret < size ? itemAt(a, sel.caret) : undefined;
  if (at) {
    const path = [`call ${at.call + 1}`];
    const it = at.item;
    if (it?.kind === 'chunk') {
      const inHeader = sel.caret < it.headerBytes.end;
      const fields = fieldPath(inHeader ? it.headerFields : it.payloadFields, sel.caret);
      const area =
        sel.caret >= it.paddingBytes.start && sel.caret < it.paddingBytes.end
          ? 'Padding'
          : inHeader
            ? 'Header'
            : 'Payload';
      path.push(`chunk ${it.index + 1} ${it.typeName}`, area, ...fields.map((f) => f.name));
      parts.push([it.typeName, ...(fields.length ? fields.map((f) => f.name) : [area])].join(' › '));
      const leaf = fields[fields.length - 1];
      tip.push(path.join(' › ') + (leaf && leaf.type !== 'group' ? ` = ${leaf.display}` : ''));
    } else if (it) {
      parts.push('unframed bytes');
      tip.push(`${path[0]} › unframed bytes: ${it.reason}`);
    }
  }
  return { text: parts.join(' · '), tooltip: tip.join('\n') };
}

/**
 * What "Select Range…" takes: `START-END` or `START..END` (END excluded), or `START +LENGTH`;
 * numbers decimal or 0x hex. The range must lie within the file and hold at least one byte.
 */
export function parseSelectRange(
  input: string,
  size: number,
): { ok: true; start: number; end: number } | { ok: false; message: string } {
  const m = /^\s*(\S+?)\s*(?:(\.\.|-)\s*|\s+\+\s*|\+\s*)(\S+)\s*$/.exec(input);
  if (!m)
    return { ok: false, message: `"${input.trim()}" is not a range: write START-END, START..END or START +LENGTH` };
  const start = parseNumber(m[1]);
  const second = parseNumber(m[3]);
  if (start === undefined) return { ok: false, message: `"${m[1]}" is not a decimal or 0x hex number` };
  if (second === undefined) return { ok: false, message: `"${m[3]}" is not a decimal or 0x hex number` };
  const end = m[2] === '..' || m[2] === '-' ? second : start + second;
  if (end <= start)
    return { ok: false, message: `the range ${hex(start)}–${hex(end)} holds no byte (END is excluded)` };
  if (end > size)
    return {
      ok: false,
      message: `the range ends at ${hex(end)}, past the end of the file (${hex(size)}, ${size} bytes)`,
    };
  return { ok: true, start, end };
}
