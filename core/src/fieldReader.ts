// Reads little-endian fields out of a byte range and records each as a FieldNode,
// so one pass yields both the typed record and the tree the editors show.

import { escapeControl } from './escape';
import type { FieldNode, FieldType } from './model';
import type { DiagnosticCode } from './diagnostics';

export interface ContentIssue {
  code: DiagnosticCode;
  message: string;
  start: number;
  end: number;
}

export function hex(n: number, digits: number): string {
  return '0x' + (n >>> 0).toString(16).toUpperCase().padStart(digits, '0');
}

export function hex64(n: bigint): string {
  return '0x' + n.toString(16).toUpperCase().padStart(16, '0');
}

export function formatGuid(b: Uint8Array, at: number): string {
  const h = (i: number) => b[at + i].toString(16).padStart(2, '0');
  const d1 = h(3) + h(2) + h(1) + h(0);
  const d2 = h(5) + h(4);
  const d3 = h(7) + h(6);
  const d4a = h(8) + h(9);
  const d4b = h(10) + h(11) + h(12) + h(13) + h(14) + h(15);
  return `${d1}-${d2}-${d3}-${d4a}-${d4b}`;
}

/** Parse "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" (braces optional) into 16 bytes, Windows layout. */
export function parseGuid(s: string): Uint8Array | undefined {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(s.trim());
  if (!m) return undefined;
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, parseInt(m[1], 16), true);
  dv.setUint16(4, parseInt(m[2], 16), true);
  dv.setUint16(6, parseInt(m[3], 16), true);
  const rest = m[4] + m[5];
  for (let i = 0; i < 8; i++) out[8 + i] = parseInt(rest.substr(i * 2, 2), 16);
  return out;
}

export interface FieldOptions {
  /** Value names, e.g. channel states. */
  names?: readonly string[] | Record<number, string>;
  note?: string;
}

const SIZES: Record<'u8' | 'u16' | 'u32' | 'u64' | 'guid', number> = { u8: 1, u16: 2, u32: 4, u64: 8, guid: 16 };

export class FieldReader {
  readonly fields: FieldNode[] = [];
  readonly issues: ContentIssue[] = [];
  pos: number;
  /** True once a field ran past the end. */
  short = false;
  private readonly dv: DataView;
  private stack: FieldNode[][] = [];

  /**
   * With `withFields` false the reader only reads values and finds issues: the decoder and the
   * emulator check every payload, but field trees are built only for the chunks someone looks at.
   */
  constructor(
    readonly b: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly withFields = true,
  ) {
    this.pos = start;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** The bytes of a range read before, as a view (no copy); empty when the range is missing. */
  view(range: { start: number; end: number } | undefined): Uint8Array {
    return range ? this.b.subarray(range.start, range.end) : new Uint8Array(0);
  }

  private get out(): FieldNode[] {
    return this.stack.length ? this.stack[this.stack.length - 1] : this.fields;
  }

  issue(code: DiagnosticCode, message: string, start = this.pos, end = start): void {
    this.issues.push({ code, message, start, end });
  }

  /** Whether `n` more bytes are present; if not, the rest becomes a "Truncated" field once. */
  private need(n: number, name: string): boolean {
    if (this.short) return false;
    if (this.pos + n <= this.end) return true;
    this.short = true;
    if (this.withFields && this.pos < this.end) {
      this.out.push({
        kind: 'field',
        name: `${name} (truncated)`,
        type: 'bytes',
        bytes: { start: this.pos, end: this.end },
        display: `${this.end - this.pos} of ${n} bytes`,
      });
    }
    this.issue(
      'CONTENT-LENGTH',
      `Payload ends inside ${name}: needs ${n} bytes at payload offset ${this.pos - this.start}, has ${Math.max(0, this.end - this.pos)}.`,
      this.pos,
      this.end,
    );
    this.pos = this.end;
    return false;
  }

  private push(
    name: string,
    type: FieldType,
    size: number,
    value: number | bigint | string | undefined,
    display: string,
    note?: string,
  ): FieldNode {
    const f: FieldNode = {
      kind: 'field',
      name,
      type,
      bytes: { start: this.pos, end: this.pos + size },
      value,
      display,
    };
    if (note) f.note = note;
    this.out.push(f);
    this.pos += size;
    return f;
  }

  private named(v: number, o?: FieldOptions): string | undefined {
    if (o?.note) return o.note;
    const names = o?.names;
    if (!names) return undefined;
    return (names as Record<number, string>)[v] ?? 'unknown value';
  }

  uint(name: string, type: 'u8' | 'u16' | 'u32', o?: FieldOptions): number | undefined {
    const size = SIZES[type];
    if (!this.need(size, name)) return undefined;
    const v =
      type === 'u8'
        ? this.dv.getUint8(this.pos)
        : type === 'u16'
          ? this.dv.getUint16(this.pos, true)
          : this.dv.getUint32(this.pos, true);
    if (!this.withFields) {
      this.pos += size;
      return v;
    }
    const display = type === 'u8' ? `${v}` : `${hex(v, size * 2)} (${v})`;
    this.push(name, type, size, v, display, this.named(v, o));
    return v;
  }

  u8(name: string, o?: FieldOptions) {
    return this.uint(name, 'u8', o);
  }
  u16(name: string, o?: FieldOptions) {
    return this.uint(name, 'u16', o);
  }
  u32(name: string, o?: FieldOptions) {
    return this.uint(name, 'u32', o);
  }

  u64(name: string, o?: FieldOptions): bigint | undefined {
    if (!this.need(8, name)) return undefined;
    const v = this.dv.getBigUint64(this.pos, true);
    if (!this.withFields) {
      this.pos += 8;
      return v;
    }
    this.push(name, 'u64', 8, v, `${hex64(v)} (${v})`, o?.note);
    return v;
  }

  guid(name: string): string | undefined {
    if (!this.need(16, name)) return undefined;
    const g = formatGuid(this.b, this.pos);
    if (!this.withFields) {
      this.pos += 16;
      return g;
    }
    this.push(name, 'guid', 16, g, `{${g}}`);
    return g;
  }

  bytes(name: string, n: number, note?: string): { start: number; end: number } | undefined {
    if (n === 0) return { start: this.pos, end: this.pos };
    if (!this.need(n, name)) return undefined;
    const start = this.pos;
    if (!this.withFields) {
      this.pos += n;
      return { start, end: start + n };
    }
    // Only small fields are scanned: a large LibState would cost a second pass over the stream.
    const allZero = n <= 256 && isZero(this.b, start, start + n);
    this.push(name, 'bytes', n, undefined, `${n} bytes${allZero ? ', all zero' : ''}`, note);
    return { start, end: start + n };
  }

  utf8(name: string, n: number): string | undefined {
    if (!this.need(n, name)) return undefined;
    const s = new TextDecoder('utf-8', { fatal: false }).decode(this.b.subarray(this.pos, this.pos + n));
    if (!this.withFields) {
      this.pos += n;
      return s;
    }
    // JSON quoting escapes C0 controls; escapeControl also DEL, C1 (a lone 0x9B is a terminal CSI) and U+2028/9.
    this.push(name, 'utf8', n, s, escapeControl(JSON.stringify(s)));
    return s;
  }

  /** A reserved field: must be zero. */
  reserved(name: string, type: 'u8' | 'u16' | 'u32' | number): void {
    const at = this.pos;
    if (typeof type === 'number') {
      const r = this.bytes(name, type);
      if (r && !isZero(this.b, r.start, r.end)) this.issue('CONTENT-RESERVED', `${name} must be zero.`, r.start, r.end);
      return;
    }
    const v = this.uint(name, type);
    if (v !== undefined && v !== 0) this.issue('CONTENT-RESERVED', `${name} must be zero, is ${v}.`, at, this.pos);
  }

  /** Check an enum value read just before; records CONTENT-ENUM on that field. */
  enumCheck(name: string, v: number | undefined, count: number, at: number, size: number): void {
    if (v !== undefined && v >= count)
      this.issue('CONTENT-ENUM', `${name} ${v} is not a defined value (0..${count - 1}).`, at, at + size);
  }

  group<T>(name: string, body: () => T): T {
    if (!this.withFields) return body();
    const g: FieldNode = { kind: 'field', name, type: 'group', bytes: { start: this.pos, end: this.pos }, display: '' };
    this.out.push(g);
    g.children = [];
    this.stack.push(g.children);
    try {
      return body();
    } finally {
      this.stack.pop();
      g.bytes.end = this.pos;
      if (g.children.length === 0) this.out.splice(this.out.indexOf(g), 1);
    }
  }

  /** Anything left unread becomes a "Trailing" field and a CONTENT-LENGTH issue. */
  finish(what: string): void {
    if (this.pos < this.end) {
      const n = this.end - this.pos;
      const at = this.pos;
      this.bytes('Trailing', n);
      this.issue('CONTENT-LENGTH', `${what} payload has ${n} unexpected trailing byte(s).`, at, this.end);
    }
  }
}

export function isZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}
