// A lexical view of `.vmbhex` lines for the editor features: which tokens are directives,
// options, labels, hex bytes or typed literals, and where comments start. It never assembles
// anything (the core text form does that); it only needs to be fast, total and position-exact.
// Tokens come from the core lexer so both agree on strings and comments.

import { lexLine, LITERAL_PREFIXES, type Token, type LineIndex } from '../../core/src';

export type BodyKind = 'label' | 'hex' | 'literal' | 'other';

/** A token on a field line, with its literal prefix split off (`u32` of `u32:0x10`). */
export interface BodyToken extends Token {
  kind: BodyKind;
  /** Literals: the prefix (u32, guid, zero, …) and where the value after the colon starts. */
  prefix?: string;
  valueStart?: number;
}

/** A directive argument: positional (`OFFER`) or an option (`seq=3`). */
export interface DirectiveArg extends Token {
  key?: string;
  /** Options: offset of the value after `=`. */
  valueStart?: number;
  value: string;
}

export interface LineSyntax {
  line: number;
  /** Offsets of the line's content in the text (without the line break). */
  start: number;
  end: number;
  kind: 'blank' | 'comment' | 'directive' | 'body';
  /** Leading whitespace length. */
  indent: number;
  /** `.chunk`, `.end`, … (lower case as written). */
  directive?: Token;
  args: DirectiveArg[];
  body: BodyToken[];
  comment?: { start: number; end: number };
}

/** The literal type names (`u32`, `guid`, …): core's list, so the assembler and the editor agree. */
export { LITERAL_PREFIXES };
const PREFIXES = new Set<string>(LITERAL_PREFIXES);

function commentStart(text: string, from: number, end: number): number | undefined {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0xfeff) continue;
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47 && i + 1 < end)) return i;
    return undefined;
  }
  return undefined;
}

const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdPart = (c: number) => isIdStart(c) || (c >= 48 && c <= 57) || c === 46;

/** Classify a field-line token in place, with char tests only: files hold millions of these. */
export function classifyBodyToken(tok: Token): BodyToken {
  const t = tok as BodyToken;
  const s = t.text;
  const n = s.length;
  let hex = n > 0;
  let colon = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (hex && !isHexDigit(c)) hex = false;
    if (c === 58 /* : */) {
      colon = i;
      break;
    }
  }
  t.kind = 'other';
  if (hex) t.kind = 'hex';
  else if (colon > 0 && isIdStart(s.charCodeAt(0))) {
    const prefix = s.slice(0, colon);
    if (PREFIXES.has(prefix)) {
      if (n > colon + 1) {
        t.kind = 'literal';
        t.prefix = prefix;
        t.valueStart = t.start + colon + 1;
      }
    } else if (colon === n - 1) {
      let id = true;
      for (let i = 1; i < colon && id; i++) id = isIdPart(s.charCodeAt(i));
      if (id) t.kind = 'label';
    }
  }
  return t;
}

/** Lex one line; `start`/`end` are the offsets of its content. */
export function lexSyntax(text: string, line: number, start: number, end: number): LineSyntax {
  const { tokens } = lexLine(text, start, end);
  let indent = 0;
  while (start + indent < end && (text.charCodeAt(start + indent) === 32 || text.charCodeAt(start + indent) === 9))
    indent++;
  const lastEnd = tokens.length ? tokens[tokens.length - 1].end : start;
  const cs = commentStart(text, lastEnd, end);
  const comment = cs !== undefined ? { start: cs, end } : undefined;
  const base = {
    line,
    start,
    end,
    indent,
    args: [] as DirectiveArg[],
    body: [] as BodyToken[],
    ...(comment ? { comment } : {}),
  };
  if (!tokens.length) return { ...base, kind: comment ? 'comment' : 'blank' };
  const first = tokens[0];
  if (first.text.startsWith('.') && first.text.length > 1 && /^\.[A-Za-z]/.test(first.text)) {
    const args = tokens.slice(1).map((t): DirectiveArg => {
      const eq = t.text.indexOf('=');
      if (eq > 0) return { ...t, key: t.text.slice(0, eq), valueStart: t.start + eq + 1, value: t.text.slice(eq + 1) };
      return { ...t, value: t.text };
    });
    return { ...base, kind: 'directive', directive: first, args };
  }
  return { ...base, kind: 'body', body: tokens.map(classifyBodyToken) };
}

/** Lazily lexed lines of one text version. */
export class SyntaxIndex {
  private readonly cache = new Map<number, LineSyntax>();

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  get lineCount(): number {
    return this.lines.lineCount;
  }

  /** Line i lexed; `keep` caches it (whole-document passes pass false so memory stays flat). */
  line(i: number, keep = true): LineSyntax {
    let s = this.cache.get(i);
    if (!s) {
      const start = this.lines.starts[i] ?? this.text.length;
      s = lexSyntax(this.text, i, start, this.lines.lineEnd(i));
      if (keep) {
        if (this.cache.size > 20_000) this.cache.clear();
        this.cache.set(i, s);
      }
    }
    return s;
  }

  /** The directive name of a line, lower case, without lexing the rest when it is not one. */
  directiveOf(i: number): string | undefined {
    const start = this.lines.starts[i];
    const end = this.lines.lineEnd(i);
    let p = start;
    while (p < end && (this.text.charCodeAt(p) === 32 || this.text.charCodeAt(p) === 9)) p++;
    if (this.text.charCodeAt(p) !== 46 /* . */) return undefined;
    let q = p + 1;
    while (q < end) {
      const c = this.text.charCodeAt(q);
      if (c === 32 || c === 9 || c === 35) break;
      q++;
    }
    return q > p + 1 ? this.text.slice(p, q).toLowerCase() : undefined;
  }

  /** The `.chunk` line of the block holding line i, if i is inside a `.chunk` … `.end` block. */
  enclosingChunk(i: number): LineSyntax | undefined {
    for (let l = i; l >= 0 && i - l < 100_000; l--) {
      const d = this.directiveOf(l);
      if (!d) continue;
      if (d === '.chunk') return this.line(l);
      if (l !== i || d !== '.chunk') {
        if (d === '.end' || d === '.raw' || d === '.endraw' || d === '.call' || d === '.expect') return undefined;
      }
    }
    return undefined;
  }
}

export type TokenHit =
  | { kind: 'directive'; tok: Token }
  | { kind: 'arg'; tok: DirectiveArg; index: number }
  | { kind: 'body'; tok: BodyToken; index: number };

/**
 * The token holding `offset`: the directive, an argument or a body token. With `touching`, a
 * token that ends right at the offset counts too (completion asks with the cursor after it).
 */
export function tokenAt(s: LineSyntax, offset: number, touching = false): TokenHit | undefined {
  const inside = (t: Token) => offset >= t.start && (offset < t.end || (touching && offset === t.end));
  if (s.directive && inside(s.directive)) return { kind: 'directive', tok: s.directive };
  for (let i = 0; i < s.args.length; i++) if (inside(s.args[i])) return { kind: 'arg', tok: s.args[i], index: i };
  for (let i = 0; i < s.body.length; i++) if (inside(s.body[i])) return { kind: 'body', tok: s.body[i], index: i };
  return undefined;
}
