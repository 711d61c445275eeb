// The fields a .ksy type writes, flattened in order (nested user types expanded, a repeated field
// once), as the text form's completion offers them: each with the literal that writes it.

import { docText, KsyIndex, type KsyAttr, type KsyType } from './ksySpec';
import type { KsyFieldWrite } from './ksyWrite';

export interface KsyLayoutField {
  id: string;
  /** The `.vmbhex` literal that writes it: an unsigned little-endian integer, zero bytes, UTF-8, or any bytes. */
  literal: 'u8' | 'u16' | 'u32' | 'u64' | 'zero' | 'utf8' | 'bytes';
  /** `zero`: the byte count when the .ksy gives a number. */
  size?: number;
  /** Enum values by number, with their .ksy ids. */
  values?: Record<number, string>;
  doc?: string;
  ksyType: string;
  /** How an untyped value writes it (docs/format.md §7.7). */
  write: KsyFieldWrite;
  /** Inside a repeated attribute: the index of the first field of that attribute (an item starts again there). */
  repeatFrom?: number;
}

const INT = /^u([1248])(le|be)?$/;
const LITERAL: Record<string, KsyLayoutField['literal']> = { 1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64' };
/** Most fields listed, and the deepest nesting expanded (a type that contains itself stops here). */
const MAX_FIELDS = 500;
const MAX_DEPTH = 8;

/** The fields of `typeName` (a top-level type) or of the root. */
export function ksyLayout(ksy: KsyType, typeName?: string): KsyLayoutField[] {
  const index = new KsyIndex(ksy);
  const big = (ksy.meta as { endian?: unknown } | undefined)?.endian === 'be';
  const out: KsyLayoutField[] = [];
  const walk = (t: KsyType, depth: number) => {
    for (const { attr, instance } of index.attrs(t)) {
      if (instance || out.length >= MAX_FIELDS) continue;
      const type = typeof attr.type === 'string' ? attr.type : undefined;
      const sub = type ? resolve(index, t, type) : undefined;
      const first = out.length;
      const repeated = () => {
        if (attr.repeat !== undefined) for (let k = first; k < out.length; k++) out[k].repeatFrom ??= first;
      };
      if (sub && depth < MAX_DEPTH) {
        walk(sub, depth + 1);
        repeated();
        continue;
      }
      const f: KsyLayoutField = {
        id: attr.id,
        literal: 'bytes',
        ksyType: type ?? (attr.contents !== undefined ? 'contents' : 'bytes'),
        write: fieldWrite(attr, type, big, ksy),
      };
      const doc = docText(attr);
      if (doc) f.doc = doc;
      const m = type ? INT.exec(type) : null;
      if (m && !(m[2] === 'be' || (m[2] === undefined && big && m[1] !== '1'))) f.literal = LITERAL[m[1]];
      else if (type === 'str' || type === 'strz') f.literal = 'utf8';
      else if (!type && attr.contents === undefined && typeof attr.size === 'number') {
        f.literal = 'zero';
        f.size = attr.size;
      }
      if (typeof attr.enum === 'string') {
        const e = index.enumOf(t, attr.enum);
        if (e)
          f.values = Object.fromEntries(
            Object.entries(e).flatMap(([k, v]) => {
              const id = typeof v === 'string' ? v : (v as { id?: unknown })?.id;
              return /^\d+$/.test(k) && typeof id === 'string' ? [[Number(k), id]] : [];
            }),
          );
      }
      out.push(f);
      repeated();
    }
  };
  const root = typeName ? index.child(ksy, typeName) : ksy;
  if (root) walk(root, 0);
  bitRuns(out);
  return out;
}

/**
 * Place each bit-sized field in its run: consecutive bit-sized fields share bytes, packed from the
 * run's first byte. In a repeated attribute the items share bytes too, which a line cannot follow.
 */
function bitRuns(fields: KsyLayoutField[]): void {
  fields.forEach((f, k) => {
    const w = f.write;
    if (w.kind !== 'bits') return;
    if (f.repeatFrom !== undefined) {
      f.write = { kind: 'none', why: 'a bit-sized integer in a repeated attribute shares bytes across its items' };
      return;
    }
    const prev = fields[k - 1]?.write;
    if (prev?.kind === 'bits') {
      w.run = prev.run;
      w.offset = prev.offset + prev.width;
    } else {
      w.run = k;
      w.offset = 0;
    }
  });
}

/** The user type `name` as seen from `scope` (searched outwards); undefined for a built-in type. */
function resolve(index: KsyIndex, scope: KsyType, name: string): KsyType | undefined {
  const path = name.replace(/\(.*$/, '').split('::');
  for (let s: KsyType | undefined = scope; s; s = index.parentOf(s)) {
    let t: KsyType | undefined = s;
    for (const p of path) t = t && index.child(t, p);
    if (t) return t;
  }
  return undefined;
}

const KSY_INT = /^([us])([1248])(le|be)?$/;

/** How an untyped value writes the attribute (docs/format.md §7.7), or why it cannot. */
function fieldWrite(attr: KsyAttr, type: string | undefined, bigDefault: boolean, root: KsyType): KsyFieldWrite {
  const m = type ? KSY_INT.exec(type) : null;
  if (m) {
    const width = Number(m[2]) as 1 | 2 | 4 | 8;
    return { kind: 'int', width, signed: m[1] === 's', bigEndian: m[3] ? m[3] === 'be' : bigDefault && width > 1 };
  }
  const a = attr as KsyAttr & { encoding?: unknown; terminator?: unknown; 'pad-right'?: unknown };
  if (type === 'str' || type === 'strz') {
    const meta = root.meta as { encoding?: unknown } | undefined;
    const enc = String(a.encoding ?? meta?.encoding ?? '')
      .toUpperCase()
      .replace(/[-_]/g, '');
    if (enc !== 'UTF8' && enc !== 'ASCII')
      return { kind: 'none', why: `its encoding is ${String(a.encoding ?? meta?.encoding)}, not UTF-8 or ASCII` };
    const pad = typeof a['pad-right'] === 'number' ? a['pad-right'] & 0xff : 0;
    const terminator = type === 'strz' ? 0 : typeof a.terminator === 'number' ? a.terminator & 0xff : undefined;
    return {
      kind: 'str',
      pad,
      ...(typeof attr.size === 'number' ? { size: attr.size } : {}),
      ...(terminator !== undefined ? { terminator } : {}),
    };
  }
  const meta = root.meta as { 'bit-endian'?: unknown } | undefined;
  const bits = type ? KSY_BITS.exec(type) : null;
  if (bits) {
    const width = Number(bits[1]);
    if (width < 1 || width > 64) return { kind: 'none', why: `${type} is not a bit-sized integer of 1 to 64 bits` };
    const bigEndianBits = bits[2] ? bits[2] === 'be' : meta?.['bit-endian'] !== 'le';
    // run and offset are set once the whole layout is known (bitRuns).
    return { kind: 'bits', width, bigEndianBits, run: 0, offset: 0 };
  }
  const float = type ? KSY_FLOAT.exec(type) : null;
  if (float)
    return { kind: 'float', width: float[1] === '4' ? 4 : 8, bigEndian: float[2] ? float[2] === 'be' : bigDefault };
  if (attr.contents !== undefined) {
    const bytes = contentsBytes(attr.contents);
    return bytes ? { kind: 'contents', bytes } : { kind: 'none', why: 'its contents are not bytes and strings' };
  }
  if (attr.type === undefined) {
    if ((a as { process?: unknown }).process !== undefined)
      return { kind: 'none', why: 'its bytes are processed (process:)' };
    const pad = typeof a['pad-right'] === 'number' ? a['pad-right'] & 0xff : 0;
    const terminator = typeof a.terminator === 'number' ? a.terminator & 0xff : undefined;
    return {
      kind: 'bytes',
      pad,
      ...(typeof attr.size === 'number' ? { size: attr.size } : {}),
      ...(terminator !== undefined ? { terminator } : {}),
    };
  }
  return { kind: 'none', why: type === undefined ? 'its .ksy type is a switch-on' : `its .ksy type is ${type}` };
}

const KSY_BITS = /^b(\d+)(le|be)?$/;
const KSY_FLOAT = /^f([48])(le|be)?$/;

/** The bytes of `contents:` (a string, or a list of byte values and strings), or undefined. */
function contentsBytes(contents: unknown): number[] | undefined {
  const utf8 = (s: string) => [...new TextEncoder().encode(s)];
  if (typeof contents === 'string') return utf8(contents);
  if (!Array.isArray(contents)) return undefined;
  const out: number[] = [];
  for (const item of contents) {
    if (typeof item === 'string') out.push(...utf8(item));
    else if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= 255) out.push(item);
    else return undefined;
  }
  return out;
}
