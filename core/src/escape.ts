// Makes text taken from an input file safe to print: a fixture must not be able to send terminal
// escape sequences (retitle, clear, recolour) through a message that quotes it.

/**
 * Replaces C0 and C1 control characters (except tab), DEL, and the Unicode line and paragraph
 * separators with visible escapes: `\x1b`, `\x07`, `\u2028`. Newline and carriage return become
 * `\n` and `\r`, so a quoted value always stays on one line.
 */
export function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A double-quoted rendering of input text, with control characters and the quote escaped. */
export function quoteInput(s: string): string {
  return `"${escapeControl(s).replace(/"/g, '\\"')}"`;
}
