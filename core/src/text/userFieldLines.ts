// Field lines written by a user schema's field names (docs/format.md §7.7): in a block a schema
// decodes, `label: VALUE` with one untyped value (a number, an enum id, a string) becomes the
// bytes of the schema field named by the label, in the field's type, size and byte order. This
// module finds the field and keeps the order; userFieldValues.ts makes the bytes.

import { CHUNK_TYPES } from '../layout';
import type { KsyLayoutField } from '../schema/ksyLayout';
import type { SchemaKey } from '../schema/mapping';
import type { UserFieldLayouts } from '../schema/ksyWrite';
import { byNameValue, encodeValue, type BitsWritten, type ByNameResult } from './userFieldValues';

/** One block's progress through its schema: the region (key) and the next field in seq order. */
interface Cursor {
  blockStart: number;
  key: SchemaKey;
  next: number;
  /** The last bit-sized field written by name in this block and region. */
  bits?: BitsWritten;
}

export class ByNameWriter {
  private cursor?: Cursor;

  constructor(private readonly layouts: UserFieldLayouts) {}

  /**
   * The label `label` at payload offset `at` of a chunk of `type` (payload so far: `payload`,
   * the block starting at `blockStart` of the parser's buffer) followed by `value` when it is
   * the line's only value for that label (undefined otherwise: the label is only noted).
   */
  line(
    type: number,
    blockStart: number,
    payload: Uint8Array,
    label: string,
    value: string | undefined,
    interfaceType: () => string | undefined,
  ): ByNameResult {
    const key = regionKey(type, payload);
    if (key === undefined) return { kind: 'ordinary' };
    const layout = this.layouts.layout(key, interfaceType());
    if (!layout) return { kind: 'ordinary' };
    const c = this.cursor;
    const cur = c && c.blockStart === blockStart && c.key === key ? c : (this.cursor = { blockStart, key, next: 0 });
    const fields = layout.fields;
    const found = place(fields, cur.next, label);
    const anywhere = found ?? fields.findIndex((f) => f.id === label);
    if (anywhere < 0) return { kind: 'ordinary' };
    if (found !== undefined) cur.next = found + 1;
    if (value === undefined || !byNameValue(value)) return { kind: 'ordinary' };
    const f = fields[anywhere];
    const r = encodeValue(f, value, {
      schema: layout.schema,
      index: anywhere,
      payloadLength: payload.length,
      ...(cur.bits ? { bits: cur.bits } : {}),
      fieldId: (k) => fields[k].id,
    });
    if (r.kind === 'bytes' && f.write.kind === 'bits')
      cur.bits = {
        run: f.write.run,
        field: anywhere,
        endBit: f.write.offset + f.write.width,
        payloadEnd: payload.length + r.bytes.length,
      };
    if (r.kind === 'bytes' && found === undefined && !r.problem) {
      const after = cur.next > 0 ? fields[cur.next - 1].id : undefined;
      r.problem = {
        code: 'TEXT-ORDER',
        message: `field "${label}" of ${layout.schema} comes before "${after}" in the schema's order: write the fields in seq order (a repeated field's items one after another)`,
      };
    }
    return r;
  }
}

/** The schema key of the bytes written at the end of `payload`, or undefined (built-in bytes). */
function regionKey(type: number, payload: Uint8Array): SchemaKey | undefined {
  if (type === CHUNK_TYPES.PACKET) {
    if (payload.length < 16) return undefined;
    const lib = (payload[8] | (payload[9] << 8) | (payload[10] << 16) | (payload[11] << 24)) >>> 0;
    return payload.length < 16 + lib ? 'lib' : 'vsp';
  }
  return type >= 0x8000 && type <= 0xfffe && type !== CHUNK_TYPES.RING ? type : undefined;
}

/** The first field `id` at or after `from`, or in the item the cursor is in (a repeated field starts again). */
function place(fields: KsyLayoutField[], from: number, id: string): number | undefined {
  for (let k = from; k < fields.length; k++) if (fields[k].id === id) return k;
  // A repeated field's next item: from the start of the innermost repetition the last field was in.
  for (let r = fields[from - 1]?.repeatFrom; r !== undefined; r = fields[r - 1]?.repeatFrom) {
    for (let k = r; k < from; k++) if (fields[k].id === id) return k;
    if (r === 0) break;
  }
  return undefined;
}

/** The next token of the line from offset i (a quoted string whole): [start, end), or undefined at the line's end or a comment. */
export function nextToken(t: string, i: number): [number, number] | undefined {
  const n = t.length;
  while (i < n && (t[i] === ' ' || t[i] === '\t' || t[i] === '\ufeff')) i++;
  if (i >= n || t[i] === '\n' || t[i] === '\r' || t[i] === '#' || t.startsWith('//', i)) return undefined;
  const s = i;
  if (t[i] === '"') {
    for (i++; i < n && t[i] !== '"' && t[i] !== '\n' && t[i] !== '\r'; i++) if (t[i] === '\\') i++;
    if (t[i] === '"') i++;
  }
  while (i < n && !/[ \t\ufeff\r\n#]/.test(t[i]) && !t.startsWith('//', i)) i++;
  return [s, i];
}
