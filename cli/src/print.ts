// What reaches the terminal: every printed line goes through escapeControl, so bytes from an
// input (a problem message, a field value, NOTE text, a file name) cannot send escape sequences.

import { escapeControl } from '../../core/src';

/** Each line of `s` with its control characters escaped; the line breaks themselves stay. */
export function printable(s: string): string {
  // Most lines hold no control character at all: given back as they are (a dump prints millions).
  if (!CONTROL.test(s)) return s;
  return s.split('\n').map(escapeControl).join('\n');
}

/** What escapeControl escapes, and the newline printable splits at. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * JSON text whose strings hold no raw control character: JSON.stringify escapes U+0000–U+001F;
 * DEL, the C1 controls and U+2028/U+2029 become \uXXXX here (the same string once parsed).
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, bigintAsString, indent).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** u64 values as decimal strings, as the wire form writes them. */
function bigintAsString(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
