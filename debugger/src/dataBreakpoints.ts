// Data breakpoints on channel state: a watched path of the Channel scope (`channel.phase`,
// `channel.gpadls`, `channel.packets`, `channel.rings`, …) is evaluated after every restore call;
// when its value differs from the one before the call, the run stops after that call.

import { Expression } from './expression';
import { Builtin, Shown, type EvalScope, type Value } from './expressionValues';

export interface DataBreakpoint {
  id: number;
  dataId: string;
  expression: Expression;
  /** The value's fingerprint where the run last was; undefined before the first look. */
  last?: string;
}

/** Elements of a list compared one by one; a longer list is compared by its length and last elements. */
const LIST_LIMIT = 1000;

/** A comparable text of a value: scalars, nested objects and lists (display wrappers by their value). */
export function fingerprint(v: Value, depth = 0): string {
  if (v instanceof Shown) return fingerprint(v.value, depth);
  if (v instanceof Builtin) return `${v.name}()`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (depth > 8) return '…';
  if (Array.isArray(v)) {
    const items = v.length > LIST_LIMIT ? v.slice(-LIST_LIMIT) : v;
    return `[${v.length}:${items.map((x: Value) => fingerprint(x, depth + 1)).join(',')}]`;
  }
  const o = v as Record<string, Value>;
  return `{${Object.keys(o)
    .map((k) => `${k}:${fingerprint(o[k], depth + 1)}`)
    .join(',')}}`;
}

/** Whether a path names channel state that a data breakpoint can watch: the Channel scope and below. */
export function watchableChannelPath(path: string | undefined): path is string {
  return !!path && /^channel(\.|\[|$)/.test(path);
}

export class DataWatch {
  private list: DataBreakpoint[] = [];
  /** Apart from line and function breakpoint ids, which count from 1. */
  private nextId = 1_000_000;

  get all(): readonly DataBreakpoint[] {
    return this.list;
  }

  /** Replace the data breakpoints (setDataBreakpoints); the baseline is the value where the run stands. */
  set(dataIds: string[], scope: EvalScope | undefined): { id?: number; verified: boolean; message?: string }[] {
    this.list = [];
    return dataIds.map((dataId) => {
      if (!watchableChannelPath(dataId)) return { verified: false, message: `"${dataId}" is not channel state.` };
      let expression: Expression;
      try {
        expression = new Expression(dataId);
      } catch (e) {
        return { verified: false, message: (e as Error).message };
      }
      const bp: DataBreakpoint = { id: this.nextId++, dataId, expression };
      this.list.push(bp);
      if (scope) bp.last = this.valueOf(bp, scope);
      return { id: bp.id, verified: true };
    });
  }

  private valueOf(bp: DataBreakpoint, scope: EvalScope): string {
    try {
      return fingerprint(bp.expression.evaluate(scope));
    } catch (e) {
      // A path that does not resolve yet (a GPADL not restored) is a value too: its absence.
      return `<${(e as Error).message}>`;
    }
  }

  /** The run moved without running calls (time travel, what-if): take the values there as the baseline. */
  resync(scope: () => EvalScope): void {
    if (!this.list.length) return;
    const s = scope();
    for (const bp of this.list) bp.last = this.valueOf(bp, s);
  }

  /** After a call: the breakpoints whose value changed (all baselines move on). */
  changed(scope: () => EvalScope): DataBreakpoint[] {
    if (!this.list.length) return [];
    const s = scope();
    const hit: DataBreakpoint[] = [];
    for (const bp of this.list) {
      const now = this.valueOf(bp, s);
      if (bp.last !== undefined && now !== bp.last) hit.push(bp);
      bp.last = now;
    }
    return hit;
  }
}
