// Splits one line of the text form into whitespace-separated tokens. A `#` or `//` outside a
// quoted string starts a comment; a quoted string ("…", JSON-style escapes) may hold spaces,
// `#` and `//`, so `utf8:"a # b"` stays one token.

export interface Token {
  /** Offsets into the whole text, half-open. */
  start: number;
  end: number;
  text: string;
}

export interface LexedLine {
  tokens: Token[];
  /** An unterminated string: the token runs to the end of the line. */
  unterminated?: Token;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 0xfeff;

export function lexLine(src: string, start: number, end: number): LexedLine {
  const bounds: number[] = [];
  const unterminated = scanTokens(src, start, end, bounds);
  const tokens: Token[] = [];
  for (let k = 0; k < bounds.length; k += 2)
    tokens.push({ start: bounds[k], end: bounds[k + 1], text: src.slice(bounds[k], bounds[k + 1]) });
  return unterminated ? { tokens, unterminated: tokens[tokens.length - 1] } : { tokens };
}

/**
 * The allocation-free core of lexLine: appends each token's start and end offsets to `bounds`
 * (cleared first). Returns true when the last token is an unterminated string. With `max`, only
 * the first `max` tokens are kept; when there are more, one last pair spans the rest (from the
 * start of the first one left out to the end of the line's last token), so bounds.length / 2 is
 * at most max + 1 however long the line.
 */
export function scanTokens(src: string, start: number, end: number, bounds: number[], max = Infinity): boolean {
  bounds.length = 0;
  let count = 0;
  const add = (t0: number, t1: number) => {
    if (count++ <= max) bounds.push(t0, t1);
    else bounds[bounds.length - 1] = t1;
  };
  let i = start;
  while (i < end) {
    let c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isCommentAt(src, i, end)) break;
    const t0 = i;
    while (i < end) {
      c = src.charCodeAt(i);
      if (isSpace(c) || isCommentAt(src, i, end)) break;
      if (c === 34 /* " */) {
        i = skipString(src, i + 1, end);
        if (i < 0) {
          add(t0, end);
          return true;
        }
        continue;
      }
      i++;
    }
    add(t0, i);
  }
  return false;
}

function isCommentAt(src: string, i: number, end: number): boolean {
  const c = src.charCodeAt(i);
  return c === 35 /* # */ || (c === 47 /* / */ && i + 1 < end && src.charCodeAt(i + 1) === 47);
}

/** Offset just past the closing quote of a string whose body starts at i, or -1. */
function skipString(src: string, i: number, end: number): number {
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 92 /* \ */) i += 2;
    else if (c === 34) return i + 1;
    else i++;
  }
  return -1;
}
