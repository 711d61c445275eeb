// A small, safe expression language for breakpoint conditions, hit-count-free logpoints, watch
// and hover: literals, names looked up in a context object, member and index access, a few
// built-in functions, and the usual C operators. Nothing is ever passed to eval or Function, and
// member access only reads own data properties of the context's plain objects and arrays.
// Here: evaluation of a parsed tree against a scope. The syntax is in expressionParser.ts, the
// values in expressionValues.ts, the bounds in expressionBounds.ts.

import { boundedBigint, MAX_STRING_RESULT, shiftCount } from './expressionBounds';
import { parseExpression, type Node } from './expressionParser';
import { Builtin, display, ExpressionError, Shown, unwrap, type EvalScope, type Value } from './expressionValues';

// ---------------------------------------------------------------------------------------------
// Evaluation

const FORBIDDEN = new Set([
  '__proto__',
  'prototype',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

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
    if (a.length + b.length > MAX_STRING_RESULT)
      throw new ExpressionError(
        `"+" would build a string of ${a.length + b.length} characters; the limit is ${MAX_STRING_RESULT}`,
      );
    return a + b;
  }
  const [p, q] = pair(x, y, op);
  if (typeof p === 'bigint') {
    const r = q as bigint;
    // Operands are bounded, so each result is at most twice as wide before it is checked.
    const result = (): bigint => {
      switch (op) {
        case '+':
          return p + r;
        case '-':
          return p - r;
        case '*':
          return p * r;
        case '/':
          if (r === 0n) throw new ExpressionError('division by zero');
          return p / r;
        case '%':
          if (r === 0n) throw new ExpressionError('division by zero');
          return p % r;
        case '&':
          return p & r;
        case '|':
          return p | r;
        case '^':
          return p ^ r;
        case '<<':
          return p << shiftCount(r, op);
        case '>>':
        case '>>>':
          return p >> shiftCount(r, op);
      }
      throw new ExpressionError(`unknown operator "${op}"`);
    };
    return boundedBigint(result(), `the result of "${op}"`);
  } else {
    const r = q as number;
    switch (op) {
      case '+':
        return p + r;
      case '-':
        return p - r;
      case '*':
        return p * r;
      case '/':
        if (r === 0) throw new ExpressionError('division by zero');
        return p / r;
      case '%':
        if (r === 0) throw new ExpressionError('division by zero');
        return p % r;
      // Bitwise results stay unsigned 32-bit, the way NTSTATUS values are written.
      case '&':
        return (p & r) >>> 0;
      case '|':
        return (p | r) >>> 0;
      case '^':
        return (p ^ r) >>> 0;
      case '<<':
        return (p << r) >>> 0;
      case '>>':
        return p >> r;
      case '>>>':
        return p >>> r;
    }
  }
  throw new ExpressionError(`unknown operator "${op}"`);
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
      throw new ExpressionError(
        `unknown name "${n.name}"${/^[A-Z][A-Z_]*$/.test(n.name) ? ` (a chunk type or status name? quote chunk types: kind == "${n.name}")` : ''}`,
        n.at,
      );
    }
    case 'member':
      return readProperty(evaluateNode(n.obj, scope), n.name, `.${n.name}`);
    case 'index': {
      const idx = unwrap(evaluateNode(n.index, scope));
      if (typeof idx !== 'number' && typeof idx !== 'string')
        throw new ExpressionError(`an index must be a number or a string, got ${describe(idx)}`);
      return readProperty(evaluateNode(n.obj, scope), idx, `[${String(idx)}]`);
    }
    case 'call': {
      const f = evaluateNode(n.callee, scope);
      if (!(f instanceof Builtin)) throw new ExpressionError(`${describe(f)} is not a function`);
      if (n.args.length !== f.arity)
        throw new ExpressionError(`${f.name} takes ${f.arity} argument(s), got ${n.args.length}`);
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
