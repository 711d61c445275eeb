// The Step Restore expression syntax: tokens (numbers, strings, names, C operators) and a
// precedence-climbing parser into a syntax tree, with source length and nesting bounded.

import { boundedBigint, MAX_EXPRESSION_LENGTH, MAX_NESTING } from './expressionBounds';
import { ExpressionError, type Scalar } from './expressionValues';

// ---------------------------------------------------------------------------------------------
// Tokens

type TokKind = 'num' | 'str' | 'name' | 'op' | 'end';
interface Tok {
  kind: TokKind;
  text: string;
  value?: number | bigint | string;
  at: number;
}

const OPERATORS = [
  '===',
  '!==',
  '>>>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<<',
  '>>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '~',
  '&',
  '|',
  '^',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  '?',
  ':',
];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(c)) {
      let m =
        /^0[xX][0-9a-fA-F_]+n?/.exec(src.slice(i)) ??
        /^0[bB][01_]+n?/.exec(src.slice(i)) ??
        /^[0-9][0-9_]*n?/.exec(src.slice(i));
      if (!m) throw new ExpressionError(`bad number at ${at}`, at);
      let text = m[0];
      if (/^[0-9_]+\.[0-9]/.test(src.slice(i))) {
        m = /^[0-9_]+\.[0-9_]+/.exec(src.slice(i))!;
        text = m[0];
        out.push({ kind: 'num', text, value: Number(text.replace(/_/g, '')), at });
        i += text.length;
        continue;
      }
      const big = text.endsWith('n');
      const digits = (big ? text.slice(0, -1) : text).replace(/_/g, '');
      const bi = boundedBigint(BigInt(digits), `the number at ${at}`);
      const value = big || bi > BigInt(Number.MAX_SAFE_INTEGER) ? bi : Number(bi);
      if (/[A-Za-z_$]/.test(src[i + text.length] ?? ''))
        throw new ExpressionError(`bad number "${src.slice(i, i + text.length + 1)}"`, at);
      out.push({ kind: 'num', text, value, at });
      i += text.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new ExpressionError('unterminated string', at);
        const d = src[j];
        if (d === c) break;
        if (d === '\\') {
          const e = src[j + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === '0' ? '\0' : (e ?? '');
          j += 2;
          continue;
        }
        s += d;
        j++;
      }
      out.push({ kind: 'str', text: src.slice(i, j + 1), value: s, at });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ kind: 'name', text: m[0], at });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${c}" at ${at}`, at);
    out.push({ kind: 'op', text: op, at });
    i += op.length;
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

export type Node =
  | { t: 'lit'; value: Scalar }
  | { t: 'name'; name: string; at: number }
  | { t: 'member'; obj: Node; name: string }
  | { t: 'index'; obj: Node; index: Node }
  | { t: 'call'; callee: Node; args: Node[] }
  | { t: 'unary'; op: string; arg: Node }
  | { t: 'binary'; op: string; left: Node; right: Node }
  | { t: 'cond'; test: Node; then: Node; else: Node };

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '===': 6,
  '!==': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '>>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[]) {}

  /** Parentheses, brackets, calls and unary operators nest by recursion: bound it. */
  private nest<T>(at: number, parse: () => T): T {
    if (++this.depth > MAX_NESTING)
      throw new ExpressionError(`expression nests more than ${MAX_NESTING} levels deep at ${at}`, at);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Tok {
    return this.toks[this.i];
  }
  private next(): Tok {
    return this.toks[this.i++];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text)
      throw new ExpressionError(
        `expected "${text}" at ${t.at}${t.kind === 'end' ? ' (end of expression)' : `, found "${t.text}"`}`,
        t.at,
      );
  }

  parseAll(): Node {
    if (this.peek().kind === 'end') throw new ExpressionError('empty expression', 0);
    const n = this.conditional();
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionError(`unexpected "${t.text}" at ${t.at}`, t.at);
    return n;
  }

  private conditional(): Node {
    return this.nest(this.peek().at, () => this.conditionalInner());
  }

  private conditionalInner(): Node {
    const test = this.binary(1);
    if (!this.isOp('?')) return test;
    this.next();
    const a = this.conditional();
    this.expect(':');
    const b = this.conditional();
    return { t: 'cond', test, then: a, else: b };
  }

  private binary(min: number): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const p = t.kind === 'op' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (p === undefined || p < min) return left;
      this.next();
      const right = this.binary(p + 1);
      left = { t: 'binary', op: t.text, left, right };
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '!' || t.text === '-' || t.text === '~' || t.text === '+')) {
      this.next();
      return { t: 'unary', op: t.text, arg: this.nest(t.at, () => this.unary()) };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'name') throw new ExpressionError(`expected a name after "." at ${t.at}`, t.at);
        n = { t: 'member', obj: n, name: t.text };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.conditional();
        this.expect(']');
        n = { t: 'index', obj: n, index };
      } else if (this.isOp('(')) {
        this.next();
        const args: Node[] = [];
        if (!this.isOp(')')) {
          for (;;) {
            args.push(this.conditional());
            if (!this.isOp(',')) break;
            this.next();
          }
        }
        this.expect(')');
        n = { t: 'call', callee: n, args };
      } else {
        return n;
      }
    }
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num':
      case 'str':
        return { t: 'lit', value: t.value };
      case 'name':
        if (t.text === 'true') return { t: 'lit', value: true };
        if (t.text === 'false') return { t: 'lit', value: false };
        if (t.text === 'null') return { t: 'lit', value: null };
        if (t.text === 'undefined') return { t: 'lit', value: undefined };
        return { t: 'name', name: t.text, at: t.at };
      case 'op':
        if (t.text === '(') {
          const n = this.conditional();
          this.expect(')');
          return n;
        }
        throw new ExpressionError(`unexpected "${t.text}" at ${t.at}`, t.at);
      default:
        throw new ExpressionError('unexpected end of expression', t.at);
    }
  }
}

/** Parse an expression; throws ExpressionError with a readable message. */
export function parseExpression(src: string): Node {
  if (src.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(`expression is ${src.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`, 0);
  return new Parser(tokenize(src)).parseAll();
}
