// The head of a `.vmbhex` file: its text up to the first line that opens a call, chunk, raw block or
// operation, read in growing pieces, for the `.schema` directives that must be compiled first.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { MAX_TEXT_BYTES } from '../../core/src';

/** A line that ends the head (as schemaDirectivesOf in core/src/document.ts cuts it). */
const BODY_LINE = /^[ \t]*\.(call|chunk|raw|op)\b/gm;

/**
 * The text schemaDirectivesOf reads of `file`: up to the first body line, else the whole text.
 * Only as much of the file is read and decoded as that takes (a 65 MB text is not read twice,
 * nor kept alive by the last match of a regular expression). Undefined when the file cannot be
 * read as a regular file (its analysis reports why).
 */
export function readTextHead(file: string): string | undefined {
  let fd: number;
  try {
    if (!statSync(file).isFile()) return undefined;
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    // As readInput refuses it: a file over the text limit has no directives read (it is unreadable).
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_TEXT_BYTES) return undefined;
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let text = '';
    // Lines before `searched` hold no body line; pieces double so a long head costs O(length).
    let searched = 0;
    for (let size = 64 * 1024; ; size = Math.min(size * 2, 16 * 1024 * 1024)) {
      const buf = new Uint8Array(size);
      const n = readSync(fd, buf, 0, size, null);
      text += n ? decoder.decode(buf.subarray(0, n), { stream: true }) : decoder.decode();
      // Only whole lines are searched (a line cut at ".op" may go on as ".option"), all at the end.
      const whole = n ? text.lastIndexOf('\n') + 1 : text.length;
      if (whole > searched) {
        const lines = text.slice(0, whole);
        BODY_LINE.lastIndex = searched;
        const m = BODY_LINE.exec(lines);
        if (m) return text.slice(0, m.index);
        searched = whole;
      }
      if (!n) return text;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
