// The webview never holds the whole file: it asks the extension for the byte pages the visible
// rows need and keeps a bounded number of them. Pure; unit-tested.

import { PAGE_SIZE } from '../model/positions';
export { PAGE_SIZE };

export class PageCache {
  private pages = new Map<number, Uint8Array>();
  private pending = new Set<number>();
  private _size: number;
  private _version: number;

  constructor(
    size: number,
    version = 0,
    readonly maxPages = 256,
  ) {
    this._size = size;
    this._version = version;
  }

  get size(): number {
    return this._size;
  }
  get version(): number {
    return this._version;
  }
  get cachedPages(): number {
    return this.pages.size;
  }

  /** Forget everything (the document changed); pages requested for older versions are ignored when they arrive. */
  reset(size: number, version: number): void {
    this._size = size;
    this._version = version;
    this.pages.clear();
    this.pending.clear();
  }

  /** Drop the pages holding bytes [offset, to) (to the end when `to` is absent: the size changed), keeping the others. */
  invalidateFrom(offset: number, size: number, version: number, to?: number): void {
    const first = Math.floor(offset / PAGE_SIZE);
    const last = to === undefined ? Infinity : Math.floor(Math.max(offset, to - 1) / PAGE_SIZE);
    for (const p of [...this.pages.keys()]) if (p >= first && p <= last) this.pages.delete(p);
    this.pending.clear();
    this._size = size;
    this._version = version;
  }

  /** Pages needed for bytes [start, end) that are neither cached nor requested; marks them requested. */
  request(start: number, end: number): { offset: number; length: number }[] {
    const out: { offset: number; length: number }[] = [];
    const s = Math.max(0, start);
    const e = Math.min(this._size, end);
    if (e <= s) return out;
    for (let p = Math.floor(s / PAGE_SIZE); p * PAGE_SIZE < e; p++) {
      if (this.pages.has(p) || this.pending.has(p)) continue;
      this.pending.add(p);
      const offset = p * PAGE_SIZE;
      const length = Math.min(PAGE_SIZE, this._size - offset);
      // Merge adjacent pages into one request.
      const last = out[out.length - 1];
      if (last && last.offset + last.length === offset) last.length += length;
      else out.push({ offset, length });
    }
    return out;
  }

  /** Store bytes that arrived for `version`; returns false when they are stale. */
  put(offset: number, raw: Uint8Array | ArrayBuffer | ArrayLike<number>, version: number): boolean {
    if (version !== this._version) return false;
    const data = toBytes(raw);
    for (let at = 0; at < data.length; at += PAGE_SIZE) {
      const p = Math.floor((offset + at) / PAGE_SIZE);
      this.pages.set(p, data.subarray(at, Math.min(data.length, at + PAGE_SIZE)));
      this.pending.delete(p);
    }
    return true;
  }

  /** The byte at `offset`, or undefined while its page is not here. */
  byte(offset: number): number | undefined {
    if (offset < 0 || offset >= this._size) return undefined;
    const page = this.pages.get(Math.floor(offset / PAGE_SIZE));
    return page ? page[offset % PAGE_SIZE] : undefined;
  }

  /** Bytes [start, end) when all are cached. */
  slice(start: number, end: number): Uint8Array | undefined {
    const out = new Uint8Array(Math.max(0, Math.min(end, this._size) - start));
    for (let i = 0; i < out.length; i++) {
      const b = this.byte(start + i);
      if (b === undefined) return undefined;
      out[i] = b;
    }
    return out;
  }

  /** Keep at most maxPages pages, preferring those nearest to `center`. */
  evict(center: number): void {
    if (this.pages.size <= this.maxPages) return;
    const c = Math.floor(center / PAGE_SIZE);
    const keys = [...this.pages.keys()].sort((a, b) => Math.abs(a - c) - Math.abs(b - c));
    for (const k of keys.slice(this.maxPages)) this.pages.delete(k);
  }
}

/** Bytes as a Uint8Array whatever the message transport made of them (typed array, ArrayBuffer, array, indexed object). */
export function toBytes(raw: Uint8Array | ArrayBuffer | ArrayLike<number> | Record<string, number>): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  if (ArrayBuffer.isView(raw)) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (Array.isArray(raw) || typeof (raw as ArrayLike<number>).length === 'number')
    return Uint8Array.from(raw as ArrayLike<number>);
  return Uint8Array.from(
    Object.keys(raw)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (raw as Record<string, number>)[k]),
  );
}

/** Decode the base64 the extension sends byte windows as. */
export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
