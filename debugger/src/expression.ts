// A small, safe expression language for breakpoint conditions, hit-count-free logpoints, watch
// and hover: literals, names looked up in a context object, member and index access, a few
// built-in functions, and the usual C operators. Nothing is ever passed to eval or Function, and
// member access only reads own data properties of the context's plain objects and arrays.

import { bigintText } from './printing';

/** A scalar that carries its own display text (a status shown by name, a field shown as decoded). */
export class Shown {
  constructor(
    readonly value: Value,
    readonly display: string,
  ) {}
}

/** A function callable from expressions. */
export class Builtin {
  constructor(
    readonly name: string,
    readonly arity: number,
    readonly fn: (...args: Value[]) => Value,
  ) {}
}

export type Scalar = number | bigint | string | boolean | null | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Value = Scalar | Shown | Builtin | readonly any[] | { readonly [k: string]: any };

/**
 * Bounds that keep one expression from freezing the adapter (it runs inside VS Code's extension
 * host): source length, nesting depth, the size of 64-bit-and-wider integers, the length of
 * strings built with `+`. docs/step-restore.md ("Watch names") states them.
 */
export const MAX_EXPRESSION_LENGTH = 4096;
export const MAX_NESTING = 100;
export const MAX_BIGINT_BITS = 1024;
export const MAX_STRING_RESULT = 65536;
const BIGINT_LIMIT = 1n << BigInt(MAX_BIGINT_BITS);

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

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
  '===', '!==', '>>>',
  '==', '!=', '<=', '>=', '&&', '||', '<<', '>>',
  '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', '(', ')', '[', ']', '.', ',', '?', ':',
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
      let m = /^0[xX][0-9a-fA-F_]+n?/.exec(src.slice(i)) ?? /^0[bB][01_]+n?/.exec(src.slice(i)) ?? /^[0-9][0-9_]*n?/.exec(src.slice(i));
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
      if (/[A-Za-z_$]/.test(src[i + text.length] ?? '')) throw new ExpressionError(`bad number "${src.slice(i, i + text.length + 1)}"`, at);
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
  '==': 6, '!=': 6, '===': 6, '!==': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '>>>': 8,
  '+': 9, '-': 9,
  '*': 10, '/': 10, '%': 10,
};

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[]) {}

  /** Parentheses, brackets, calls and unary operators nest by recursion: bound it. */
  private nest<T>(at: number, parse: () => T): T {
    if (++this.depth > MAX_NESTING) throw new ExpressionError(`expression nests more than ${MAX_NESTING} levels deep at ${at}`, at);
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
    if (t.kind !== 'op' || t.text !== text) throw new ExpressionError(`expected "${text}" at ${t.at}${t.kind === 'end' ? ' (end of expression)' : `, found "${t.text}"`}`, t.at);
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
  if (src.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`expression is ${src.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`, 0);
  return new Parser(tokenize(src)).parseAll();
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** The plain value behind a Shown wrapper. */
export function unwrap(v: Value): Value {
  return v instanceof Shown ? v.value : v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Shown) && !(v instanceof Builtin);
}

function describe(v: Value): string {
  v = unwrap(v);
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Builtin) return `function ${v.name}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

function readProperty(obj: Value, key: string | number, what: string): Value {
  const o = unwrap(obj);
  if (typeof key === 'string' && FORBIDDEN.has(key)) throw new ExpressionError(`"${key}" is not readable`);
  if (o === undefined || o === null) throw new ExpressionError(`cannot read "${key}" of ${describe(o)} (${what})`);
  if (typeof o === 'string' || Array.isArray(o)) {
    if (key === 'length') return o.length;
    const i = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    if (Number.isInteger(i)) return i >= 0 && i < o.length ? (o as readonly Value[])[i] : undefined;
    throw new ExpressionError(`${describe(o)} has no "${key}" (${what})`);
  }
  if (isRecord(o)) {
    const k = String(key);
    return Object.prototype.hasOwnProperty.call(o, k) ? (o[k] as Value) : undefined;
  }
  throw new ExpressionError(`cannot read "${key}" of ${describe(o)} (${what})`);
}

function toNumeric(v: Value, op: string): number | bigint {
  const u = unwrap(v);
  if (typeof u === 'number' || typeof u === 'bigint') return u;
  if (typeof u === 'boolean') return u ? 1 : 0;
  throw new ExpressionError(`"${op}" needs numbers, got ${describe(u)}`);
}

/** Bring a pair to the same numeric kind: bigint if either is one (and the number is an integer). */
function pair(a: Value, b: Value, op: string): [number, number] | [bigint, bigint] {
  const x = toNumeric(a, op);
  const y = toNumeric(b, op);
  if (typeof x === 'number' && typeof y === 'number') return [x, y];
  const big = (n: number | bigint) => {
    if (typeof n === 'bigint') return n;
    if (!Number.isInteger(n)) throw new ExpressionError(`"${op}" cannot mix a fraction with a 64-bit value`);
    return BigInt(n);
  };
  return [big(x), big(y)];
}

/** A wide integer result, refused when its magnitude needs more than MAX_BIGINT_BITS bits. */
function boundedBigint(v: bigint, what: string): bigint {
  if ((v < 0n ? -v : v) >= BIGINT_LIMIT) throw new ExpressionError(`${what} needs more than ${MAX_BIGINT_BITS} bits; expressions work on integers of at most ${MAX_BIGINT_BITS} bits`);
  return v;
}

/** A 64-bit shift count, from 0 to MAX_BIGINT_BITS (a negative count would shift the other way, unbounded). */
function shiftCount(r: bigint, op: string): bigint {
  if (r < 0n || r > BigInt(MAX_BIGINT_BITS)) throw new ExpressionError(`"${op}" shift count ${r < 0n ? r : r > BIGINT_LIMIT ? `of more than ${MAX_BIGINT_BITS} bits` : r} is out of range: 64-bit shifts take a count from 0 to ${MAX_BIGINT_BITS}`);
  return r;
}

function truthy(v: Value): boolean {
  const u = unwrap(v);
  if (typeof u === 'bigint') return u !== 0n;
  return Boolean(u);
}

/** Equality with numbers and bigints compared by value; everything else strictly. */
export function valuesEqual(a: Value, b: Value): boolean {
  const x = unwrap(a);
  const y = unwrap(b);
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) {
    if (typeof x === typeof y) return x === y;
    // eslint-disable-next-line eqeqeq
    return x == y;
  }
  if (x === null || x === undefined) return y === null || y === undefined;
  return x === y;
}

function compare(op: string, a: Value, b: Value): boolean {
  const x = unwrap(a);
  const y = unwrap(b);
  if (typeof x === 'string' && typeof y === 'string') {
    return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  }
  if (x === undefined || y === undefined || x === null || y === null) return false;
  const [p, q] = pair(x, y, op);
  return op === '<' ? p < q : op === '<=' ? p <= q : op === '>' ? p > q : p >= q;
}

function arith(op: string, a: Value, b: Value): Value {
  const x = unwrap(a);
  const y = unwrap(b);
  if (op === '+' && (typeof x === 'string' || typeof y === 'string')) {
    const a = display(x);
    const b = display(y);
    if (a.length + b.length > MAX_STRING_RESULT) throw new ExpressionError(`"+" would build a string of ${a.length + b.length} characters; the limit is ${MAX_STRING_RESULT}`);
    return a + b;
  }
  const [p, q] = pair(x, y, op);
  if (typeof p === 'bigint') {
    const r = q as bigint;
    // Operands are bounded, so each result is at most twice as wide before it is checked.
    const result = (): bigint => {
      switch (op) {
        case '+': return p + r;
        case '-': return p - r;
        case '*': return p * r;
        case '/': if (r === 0n) throw new ExpressionError('division by zero'); return p / r;
        case '%': if (r === 0n) throw new ExpressionError('division by zero'); return p % r;
        case '&': return p & r;
        case '|': return p | r;
        case '^': return p ^ r;
        case '<<': return p << shiftCount(r, op);
        case '>>':
        case '>>>': return p >> shiftCount(r, op);
      }
      throw new ExpressionError(`unknown operator "${op}"`);
    };
    return boundedBigint(result(), `the result of "${op}"`);
  } else {
    const r = q as number;
    switch (op) {
      case '+': return p + r;
      case '-': return p - r;
      case '*': return p * r;
      case '/': if (r === 0) throw new ExpressionError('division by zero'); return p / r;
      case '%': if (r === 0) throw new ExpressionError('division by zero'); return p % r;
      // Bitwise results stay unsigned 32-bit, the way NTSTATUS values are written.
      case '&': return (p & r) >>> 0;
      case '|': return (p | r) >>> 0;
      case '^': return (p ^ r) >>> 0;
      case '<<': return (p << r) >>> 0;
      case '>>': return p >> r;
      case '>>>': return p >>> r;
    }
  }
  throw new ExpressionError(`unknown operator "${op}"`);
}

export interface EvalScope {
  /** Top-level names; own properties only. */
  names: Record<string, Value>;
  /** Looked up after `names` (constants such as STATUS_SUCCESS); may return undefined for unknown. */
  fallback?: (name: string) => Value | undefined;
}

export function evaluateNode(n: Node, scope: EvalScope): Value {
  switch (n.t) {
    case 'lit':
      return n.value;
    case 'name': {
      if (FORBIDDEN.has(n.name)) throw new ExpressionError(`"${n.name}" is not readable`, n.at);
      if (Object.prototype.hasOwnProperty.call(scope.names, n.name)) return scope.names[n.name];
      const f = scope.fallback?.(n.name);
      if (f !== undefined) return f;
      throw new ExpressionError(`unknown name "${n.name}"${/^[A-Z][A-Z_]*$/.test(n.name) ? ` (a chunk type or status name? quote chunk types: kind == "${n.name}")` : ''}`, n.at);
    }
    case 'member':
      return readProperty(evaluateNode(n.obj, scope), n.name, `.${n.name}`);
    case 'index': {
      const idx = unwrap(evaluateNode(n.index, scope));
      if (typeof idx !== 'number' && typeof idx !== 'string') throw new ExpressionError(`an index must be a number or a string, got ${describe(idx)}`);
      return readProperty(evaluateNode(n.obj, scope), idx, `[${String(idx)}]`);
    }
    case 'call': {
      const f = evaluateNode(n.callee, scope);
      if (!(f instanceof Builtin)) throw new ExpressionError(`${describe(f)} is not a function`);
      if (n.args.length !== f.arity) throw new ExpressionError(`${f.name} takes ${f.arity} argument(s), got ${n.args.length}`);
      return f.fn(...n.args.map((a) => evaluateNode(a, scope)));
    }
    case 'unary': {
      const v = evaluateNode(n.arg, scope);
      if (n.op === '!') return !truthy(v);
      const x = toNumeric(v, n.op);
      if (n.op === '+') return x;
      if (n.op === '-') return typeof x === 'bigint' ? boundedBigint(-x, 'the result of "-"') : -x;
      return typeof x === 'bigint' ? boundedBigint(~x, 'the result of "~"') : ~x >>> 0;
    }
    case 'binary': {
      if (n.op === '&&') {
        const l = evaluateNode(n.left, scope);
        return truthy(l) ? evaluateNode(n.right, scope) : l;
      }
      if (n.op === '||') {
        const l = evaluateNode(n.left, scope);
        return truthy(l) ? l : evaluateNode(n.right, scope);
      }
      const l = evaluateNode(n.left, scope);
      const r = evaluateNode(n.right, scope);
      switch (n.op) {
        case '==':
        case '===':
          return valuesEqual(l, r);
        case '!=':
        case '!==':
          return !valuesEqual(l, r);
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compare(n.op, l, r);
        default:
          return arith(n.op, l, r);
      }
    }
    case 'cond':
      return truthy(evaluateNode(n.test, scope)) ? evaluateNode(n.then, scope) : evaluateNode(n.else, scope);
  }
}

/** A parsed expression ready to run against different scopes. */
export class Expression {
  readonly node: Node;
  constructor(readonly source: string) {
    this.node = parseExpression(source);
  }
  evaluate(scope: EvalScope): Value {
    return evaluateNode(this.node, scope);
  }
  test(scope: EvalScope): boolean {
    return truthy(this.evaluate(scope));
  }
}

export function isTruthy(v: Value): boolean {
  return truthy(v);
}

/** One-line text for a value: Shown values use their display, numbers are decimal (wide integers hex, see bigintText). */
export function display(v: Value): string {
  if (v instanceof Shown) return v.display;
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return bigintText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Builtin) return `${v.name}()`;
  if (Array.isArray(v)) return `Array(${v.length})`;
  return '{…}';
}
