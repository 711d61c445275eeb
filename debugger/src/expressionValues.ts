// The values the Step Restore expression language computes with (scalars, Shown display
// wrappers, built-in functions, plain objects and arrays), the scope names resolve in, the
// error every stage throws, and the one-line text of a value.

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

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export interface EvalScope {
  /** Top-level names; own properties only. */
  names: Record<string, Value>;
  /** Looked up after `names` (constants such as STATUS_SUCCESS); may return undefined for unknown. */
  fallback?: (name: string) => Value | undefined;
}

/** The plain value behind a Shown wrapper. */
export function unwrap(v: Value): Value {
  return v instanceof Shown ? v.value : v;
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
