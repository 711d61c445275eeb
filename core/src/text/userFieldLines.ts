// Field lines written by a user schema's field names (docs/format.md §7.7): in a block a schema
// decodes, `label: VALUE` with one untyped value (a number, an enum id, a string) becomes the
// bytes of the schema field named by the label, in the field's type, size and byte order.

import { CHUNK_TYPES } from '../layout';
import type { KsyLayoutField } from '../schema/ksyLayout';
import type { SchemaKey } from '../schema/mapping';
import type { UserFieldLayouts } from '../schema/ksyWrite';
import { intRange, parseInt64, writeInt, type IntType } from './numbers';
import { encodeUtf8, parseQuoted } from './strings';
import type { TextCode } from './textProblems';

/** What a label and its value become: bytes to write, a problem (and bytes to keep the layout), or the ordinary reading. */
export type ByNameResult =
  { kind: 'ordinary' } | { kind: 'bytes'; bytes: Uint8Array; problem?: { code: TextCode; message: string } };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;
const MAX_IDS_LISTED = 12;

/** One block's progress through its schema: the region (key) and the next field in seq order. */
interface Cursor {
  blockStart: number;
  key: SchemaKey;
  next: number;
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
    const r = encode(f, value, layout.schema);
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

/** A value the by-name form reads: a decimal or 0x number, an identifier, or a quoted string. */
function byNameValue(v: string): boolean {
  return v.startsWith('"') || IDENT.test(v) || parseInt64(v) !== undefined;
}

function encode(f: KsyLayoutField, v: string, schema: string): ByNameResult {
  const w = f.write;
  const fail = (code: TextCode, message: string, width = 0): ByNameResult => ({
    kind: 'bytes',
    bytes: new Uint8Array(width),
    problem: { code, message },
  });
  const what = `field "${f.id}" (.ksy type ${f.ksyType}) of ${schema}`;
  if (w.kind === 'int') {
    const t: IntType = {
      name: `${w.signed ? 'i' : 'u'}${w.width * 8}${w.bigEndian ? 'be' : ''}` as IntType['name'],
      width: w.width,
      signed: w.signed,
      bigEndian: w.bigEndian,
    };
    let n = parseInt64(v);
    if (!n && IDENT.test(v)) {
      const hit = f.values && Object.entries(f.values).find(([, id]) => id === v);
      if (hit) n = { value: BigInt(hit[0]), hex: false };
      else if (HEX_BYTES.test(v)) return { kind: 'ordinary' };
      else if (!f.values) return fail('TEXT-NUMBER', `${what} takes a number, not "${v}"`, w.width);
      else {
        const ids = Object.values(f.values);
        const listed = ids.slice(0, MAX_IDS_LISTED).join(', ') + (ids.length > MAX_IDS_LISTED ? ', …' : '');
        return fail('TEXT-TOKEN', `"${v}" is not a value of the enum of ${what}; its ids: ${listed}`, w.width);
      }
    }
    if (!n) return fail('TEXT-NUMBER', `${what} takes a number or an enum id, not ${v.slice(0, 40)}`, w.width);
    const [lo, hi] = intRange(t, n.hex);
    if (n.value < lo || n.value > hi)
      return fail('TEXT-RANGE', `${v} is out of range ${lo}..${hi} for ${what}`, w.width);
    const bytes = new Uint8Array(w.width);
    writeInt(bytes, 0, t, n.value);
    return { kind: 'bytes', bytes };
  }
  if (w.kind === 'str') {
    if (!v.startsWith('"'))
      return HEX_BYTES.test(v)
        ? { kind: 'ordinary' }
        : fail('TEXT-STRING', `${what} takes a quoted string, not ${v.slice(0, 40)}`);
    const q = parseQuoted(v);
    if (!q.ok) return fail('TEXT-STRING', `${what}: ${q.message}`, w.size ?? 0);
    const text = encodeUtf8(q.value);
    const body = w.terminator !== undefined ? [...text, w.terminator] : [...text];
    if (w.size === undefined) return { kind: 'bytes', bytes: Uint8Array.from(body) };
    if (body.length > w.size)
      return fail('TEXT-RANGE', `the string is ${body.length} bytes; ${what} holds ${w.size}`, w.size);
    const bytes = new Uint8Array(w.size).fill(w.pad);
    bytes.set(body);
    return { kind: 'bytes', bytes };
  }
  // Hex bytes and typed literals stay the ordinary reading; a number, id or string cannot be placed.
  if (HEX_BYTES.test(v)) return { kind: 'ordinary' };
  return fail(
    'TEXT-TOKEN',
    `${what} cannot be written from "${v.slice(0, 40)}": ${w.why}; write hex bytes or a typed literal`,
  );
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
