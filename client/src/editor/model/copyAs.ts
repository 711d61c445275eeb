// Copy As for the saved-state editor, pure: the selected bytes as hex, a C or Rust array, a Python
// bytes literal, base64 or `.vmbhex` text (whole chunks as their text form, anything else as a
// `.raw` block), and the reverse for paste: bytes from hex or from those array and literal forms
// (docs/binary-editor.md, "Copy As and paste").

import { disassemble } from '../../../../core/src';

export type CopyFormat = 'hex' | 'c' | 'rust' | 'python' | 'base64' | 'vmbhex';

export const COPY_FORMATS: readonly { id: CopyFormat; label: string; detail: string }[] = [
  { id: 'hex', label: 'Hex', detail: '56 42 53 43 …' },
  { id: 'c', label: 'C array', detail: 'const unsigned char data[N] = { 0x56, … };' },
  { id: 'rust', label: 'Rust array', detail: 'const DATA: [u8; N] = [0x56, …];' },
  { id: 'python', label: 'Python bytes', detail: "data = b'VBSC…'" },
  { id: 'base64', label: 'Base64', detail: 'VkJTQw==' },
  { id: 'vmbhex', label: '.vmbhex text', detail: 'whole chunks as their text form, else a .raw block' },
];

/** Bytes per line of the array forms and of a `.raw` block. */
const PER_LINE = 16;

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

function arrayLines(bytes: Uint8Array, indent: string): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += PER_LINE)
    lines.push(indent + Array.from(bytes.subarray(i, i + PER_LINE), (b) => `0x${hex2(b)}`).join(', ') + ',');
  return lines.join('\n');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    s += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return s;
}

/** A Python bytes literal: printable ASCII as is (quote and backslash escaped), the rest `\xNN`; 16 bytes per line when longer. */
function pythonLiteral(bytes: Uint8Array): string {
  const piece = (b: Uint8Array) => {
    let s = "b'";
    for (const c of b)
      s += c === 0x27 ? "\\'" : c === 0x5c ? '\\\\' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${hex2(c)}`;
    return s + "'";
  };
  if (bytes.length <= PER_LINE) return `data = ${piece(bytes)}\n`;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += PER_LINE) parts.push(`    ${piece(bytes.subarray(i, i + PER_LINE))}`);
  return `data = (\n${parts.join('\n')}\n)\n`;
}

/** The bytes in one of the byte formats (every format but `vmbhex`, which needs the chunks: copyAsVmbhex). */
export function formatBytes(format: Exclude<CopyFormat, 'vmbhex'>, bytes: Uint8Array): string {
  switch (format) {
    case 'hex':
      return Array.from(bytes, hex2).join(' ');
    case 'c':
      return `const unsigned char data[${bytes.length}] = {\n${arrayLines(bytes, '  ')}\n};\n`;
    case 'rust':
      return `const DATA: [u8; ${bytes.length}] = [\n${arrayLines(bytes, '    ')}\n];\n`;
    case 'python':
      return pythonLiteral(bytes);
    case 'base64':
      return toBase64(bytes);
  }
}

/** A `.raw` block of bytes, 16 per row, with the stream offset of each row as a comment. */
export function rawBlock(bytes: Uint8Array, offset: number): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += PER_LINE) {
    const row = Array.from(bytes.subarray(i, i + PER_LINE), hex2).join(' ');
    rows.push(`  ${row.padEnd(PER_LINE * 3 - 1)}  # 0x${(offset + i).toString(16).toUpperCase().padStart(8, '0')}`);
  }
  return `.raw\n${rows.join('\n')}\n.endraw\n`;
}

/**
 * The selection [start, end) of `bytes` as `.vmbhex` text. When it starts where a chunk starts and
 * ends where a chunk ends (the chunks between them whole by construction), the chunks' text form:
 * the disassembler's blocks, without its file preamble (the comment lines and `.stream`), ready to
 * paste into another `.vmbhex` file. Otherwise a `.raw` block of the bytes. `chunks` are the
 * document's chunk byte ranges in stream order.
 */
export function copyAsVmbhex(
  bytes: Uint8Array,
  range: { start: number; end: number },
  chunks: readonly { start: number; end: number }[],
): { text: string; wholeChunks: number } {
  const sel = bytes.subarray(range.start, range.end);
  const first = chunks.findIndex((c) => c.start === range.start);
  const last = chunks.findIndex((c) => c.end === range.end);
  if (range.end > range.start && first >= 0 && last >= first) {
    const text = disassemble(sel, { buffering: 'whole' });
    const at = text.search(/^# (chunk|raw) /m);
    return { text: at >= 0 ? text.slice(at) : text, wholeChunks: last - first + 1 };
  }
  return { text: rawBlock(sel, range.start), wholeChunks: 0 };
}

/** One escape of a Python bytes literal at s[i] (after the backslash): [byte, chars used]. */
function pyEscape(s: string, i: number): [number, number] | undefined {
  const c = s[i];
  const simple: Record<string, number> = { '\\': 0x5c, "'": 0x27, '"': 0x22, n: 0x0a, r: 0x0d, t: 0x09, '0': 0 };
  if (c === 'x' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) return [parseInt(s.slice(i + 1, i + 3), 16), 3];
  return c in simple ? [simple[c], 1] : undefined;
}

/** Python bytes literals (`b'…'`, `b"…"`, one or more, as Copy As writes them). */
function parsePythonBytes(text: string): Uint8Array | undefined {
  const lits = [...text.matchAll(/b(['"])((?:\\.|(?!\1).)*)\1/g)];
  if (!lits.length) return undefined;
  const out: number[] = [];
  for (const m of lits) {
    const s = m[2];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5c) {
        const e = pyEscape(s, i + 1);
        if (!e) return undefined;
        out.push(e[0]);
        i += e[1];
      } else if (c < 0x80) out.push(c);
      else return undefined;
    }
  }
  return Uint8Array.from(out);
}

/** A C or Rust array (`{ 0x56, 66, … }`, `[0x56, …]`): the numbers between the brackets after `=` (or the whole text). */
function parseArray(text: string): Uint8Array | undefined {
  const body = /=\s*[{[]([^]*)[}\]]/.exec(text)?.[1] ?? /^\s*[{[]([^]*)[}\]]\s*;?\s*$/.exec(text)?.[1];
  if (body === undefined) return undefined;
  const items = body
    .replace(/\/\/[^\n]*|\/\*[^]*?\*\//g, '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const out: number[] = [];
  for (const t of items) {
    const v = /^0x[0-9a-f]{1,2}(u8)?$/i.test(t) ? parseInt(t, 16) : /^\d{1,3}(u8)?$/.test(t) ? parseInt(t, 10) : NaN;
    if (!(v >= 0 && v <= 255)) return undefined;
    out.push(v);
  }
  return out.length ? Uint8Array.from(out) : undefined;
}

/** Hex digit pairs with any spacing or separators (`56 42`, `0x56,0x42`, `56-42`, `56:42`). */
function parseHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/0x/gi, '').replace(/[\s,:;-]/g, '');
  if (!clean || clean.length % 2 || !/^[0-9a-f]+$/i.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The bytes pasted text stands for: hex digits, a C or Rust array, or Python bytes literals (what
 * Copy As writes, base64 and `.vmbhex` aside); undefined when it is none of them.
 */
export function parsePastedBytes(text: string): Uint8Array | undefined {
  if (/\bb['"]/.test(text)) return parsePythonBytes(text);
  if (/[{[]/.test(text)) return parseArray(text);
  return parseHex(text);
}
