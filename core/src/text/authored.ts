// What a `.vmbhex` file holds beyond its bytes: the directives and comments its author wrote,
// which converting it (to binary, or to a fresh disassembly) does not keep. The CLI's convert
// and the editor's conversion commands name them (docs/format.md §8.2).

import { scanTokens } from './lexer';

/** Directives that shape the run rather than the bytes, in the order the note lists them. */
const RUN_DIRECTIVES = [
  '.call',
  '.expect',
  '.expect-end',
  '.channel',
  '.op',
  '.save-begin',
  '.save',
  '.save-end',
] as const;

export interface AuthoredContent {
  /** Count per directive (only those present); a plain object so it crosses JSON-RPC. */
  directives: Record<string, number>;
  /** Lines holding a comment (`#` or `//` outside a string), whole-line or trailing. */
  commentLines: number;
}

export function authoredContent(text: string): AuthoredContent {
  const directives: Record<string, number> = {};
  let commentLines = 0;
  const bounds: number[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const unterminated = scanTokens(text, start, lineEnd, bounds, 1);
    if (bounds.length) {
      const first = text.slice(bounds[0], bounds[1]);
      if ((RUN_DIRECTIVES as readonly string[]).includes(first)) directives[first] = (directives[first] ?? 0) + 1;
    }
    if (!unterminated) {
      let i = bounds.length ? bounds[bounds.length - 1] : start;
      while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\ufeff')) i++;
      if (i < lineEnd && (text[i] === '#' || text.startsWith('//', i))) commentLines++;
    }
    start = end + 1;
  }
  return { directives, commentLines };
}

/**
 * "2 .call, 3 .expect and 12 comment lines", or '' when there is nothing authored. `without`
 * leaves directives out (the editor says what became of the calls in its own words).
 */
export function describeAuthored(a: AuthoredContent, without: readonly string[] = []): string {
  const parts = RUN_DIRECTIVES.filter((d) => a.directives[d] && !without.includes(d)).map(
    (d) => `${a.directives[d]} ${d}`,
  );
  if (a.commentLines) parts.push(`${a.commentLines} comment line${a.commentLines === 1 ? '' : 's'}`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The verb for a describeAuthored list: "1 .expect is", "2 .expect are", "1 .call and 1 .op are". */
export function isOrAre(list: string): 'is' | 'are' {
  return list.includes(' and ') || !/^1 /.test(list) ? 'are' : 'is';
}
