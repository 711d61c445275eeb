// String literals (`utf8:"…"`, `utf16:"…"`): JSON-style escapes, parsed by hand so an error can
// point at the offending escape; and the inverse quoting the disassembler writes.

import { quoteInput } from '../escape';

export type StringParse = { ok: true; value: string } | { ok: false; message: string; at: number; len: number };

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parse `"…"` starting at s[0]; `at`/`len` of an error are relative to s. Raw tabs are allowed. */
export function parseQuoted(s: string): StringParse {
  if (s.charCodeAt(0) !== 34) return { ok: false, message: 'expected a quoted string "…"', at: 0, len: s.length };
  let out = '';
  let i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      if (i !== s.length - 1)
        return {
          ok: false,
          message: `unexpected text after the closing quote: ${quoteInput(s.slice(i + 1, i + 31))}${s.length - i - 1 > 30 ? '…' : ''}`,
          at: i + 1,
          len: s.length - i - 1,
        };
      return { ok: true, value: out };
    }
    if (c === '\\') {
      const e = s[i + 1] ?? '';
      if (e === '') break;
      if (e in SIMPLE) {
        out += SIMPLE[e];
        i += 2;
        continue;
      }
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      const bad = e === 'u' ? '\\u' + (/^[0-9a-fA-F]{0,3}/.exec(s.slice(i + 2))?.[0] ?? '') : s.slice(i, i + 2);
      return {
        ok: false,
        message: `invalid escape ${quoteInput(bad)} (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)`,
        at: i,
        len: bad.length,
      };
    }
    const code = c.charCodeAt(0);
    if (code < 0x20 && code !== 9)
      return {
        ok: false,
        message: `control character U+${code.toString(16).padStart(4, '0').toUpperCase()} in a string: escape it`,
        at: i,
        len: 1,
      };
    out += c;
    i++;
  }
  return { ok: false, message: 'unterminated string: missing closing "', at: 0, len: s.length };
}

/** UTF-16LE code units, lone surrogates included, so any JS string round-trips. */
export function encodeUtf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >>> 8;
  }
  return out;
}

const utf8Encoder = new TextEncoder();
export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/**
 * Quote for a `utf8:"…"` literal: escape what JSON requires plus what editors treat as line
 * breaks or hide (C1 controls, U+2028/2029, BOM, lone surrogates), keep other text readable.
 */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff)
      out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += ch + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
