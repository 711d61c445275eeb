// The Variables, Watch, hover and Debug Console side of a Step Restore session: the expression
// scope (with the current chunk's field labels), the DAP scopes and variables with their child
// handles, evaluation results and completions. Handles and the scope live until the next stop.

import { CompletionItem, Handles, Scope } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { STATUS } from '../../core/src';
import { Expression } from './expression';
import { MAX_EXPRESSION_LENGTH } from './expressionBounds';
import { display, Shown, unwrap, type EvalScope, type Value } from './expressionValues';
import { buildScope, SCOPE_NAMES } from './inspect';
import { bigintDetail, printable } from './printing';
import type { RestoreRuntime } from './restoreRuntime';

interface VarHandle {
  value: Value;
  path?: string;
}

/** What `help` (or `?`) in the Debug Console answers. */
export const REPL_HELP = `Names: ${SCOPE_NAMES.join(', ')}; functions: NT_SUCCESS(s), NT_ERROR(s), NT_WARNING(s), NT_INFORMATION(s), hex(n), name(s); constants: STATUS_*; fields of the current chunk by label. Operators: == != < <= > >= && || ! + - * / % & | ^ << >> ?: . [ ]`;

export class VariablesView {
  private handles = new Handles<VarHandle>();
  private scopeCache?: EvalScope;

  /** `runtime` is called only while a session runs: every caller checks that first. */
  constructor(private readonly runtime: () => RestoreRuntime | undefined) {}

  /** Forget handles and the scope: the position moved. */
  reset(): void {
    this.handles.reset();
    this.scopeCache = undefined;
  }

  scope(): EvalScope {
    if (!this.scopeCache) {
      const base = buildScope(this.runtime()!);
      // Field labels of the current chunk (PayloadCrc32c, GpadlId, …) resolve too: hovering a label in the text form shows its value.
      const item = this.runtime()!.currentItem;
      const fieldOf = (name: string): Value | undefined => {
        if (!item || item.kind !== 'chunk') return undefined;
        const find = (fs: typeof item.headerFields): (typeof item.headerFields)[number] | undefined => {
          for (const f of fs) {
            if (f.name === name) return f;
            const c = f.children && find(f.children);
            if (c) return c;
          }
          return undefined;
        };
        const f = find(item.headerFields) ?? find(item.payloadFields);
        return f ? new Shown(f.value ?? f.display, f.note ? `${f.display} — ${f.note}` : f.display) : undefined;
      };
      this.scopeCache = { names: base.names, fallback: (n) => base.fallback?.(n) ?? fieldOf(n) };
    }
    return this.scopeCache;
  }

  /** The four Variables scopes: Channel, Current buffer, Last status, History. */
  scopes(): DebugProtocol.Scope[] {
    const names = this.scope().names;
    const mk = (label: string, key: string, expensive = false) => {
      const v = names[key];
      const s = new Scope(
        label,
        this.handles.create({ value: v ?? new Shown({}, ''), path: key }),
        expensive,
      ) as DebugProtocol.Scope;
      s.presentationHint = key === 'channel' ? 'locals' : key === 'lastStatus' ? 'registers' : undefined;
      return s;
    };
    return [
      mk('Channel', 'channel'),
      mk('Current buffer', 'buffer'),
      mk('Last status', 'lastStatus'),
      mk('History', 'history'),
    ];
  }

  private childPath(parent: string | undefined, key: string | number): string | undefined {
    if (!parent) return undefined;
    if (typeof key === 'number') return `${parent}[${key}]`;
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
  }

  toVariable(name: string, value: Value, evaluateName?: string): DebugProtocol.Variable {
    const inner = unwrap(value);
    const v: DebugProtocol.Variable = {
      name: printable(name),
      value: this.describe(value, true),
      variablesReference: 0,
    };
    if (evaluateName) v.evaluateName = evaluateName;
    if (inner !== null && typeof inner === 'object' && !(inner instanceof Shown)) {
      const n = Array.isArray(inner) ? inner.length : Object.keys(inner).length;
      if (n > 0) v.variablesReference = this.handles.create({ value: inner, path: evaluateName });
      if (Array.isArray(inner)) v.indexedVariables = inner.length;
      const rec = inner as Record<string, unknown>;
      if (!Array.isArray(inner) && typeof rec.start === 'number' && typeof rec.end === 'number')
        v.memoryReference = String(rec.start);
      else if (!Array.isArray(inner) && rec.offset instanceof Shown && typeof rec.offset.value === 'number')
        v.memoryReference = String(rec.offset.value);
    }
    v.type =
      typeof inner === 'bigint'
        ? 'u64'
        : typeof inner === 'number'
          ? 'number'
          : typeof inner === 'boolean'
            ? 'boolean'
            : typeof inner === 'string'
              ? 'string'
              : Array.isArray(inner)
                ? 'array'
                : inner === undefined
                  ? 'undefined'
                  : 'object';
    return v;
  }

  /** Display text, escaped and bounded (printing.ts); in Variables, absent values read as "(none)". */
  describe(value: Value, inVariables = false): string {
    return printable(this.describeRaw(value, inVariables));
  }

  private describeRaw(value: Value, inVariables: boolean): string {
    if (value === undefined) return inVariables ? '(none)' : 'undefined';
    if (value instanceof Shown) return value.display;
    if (typeof value === 'bigint') return bigintDetail(value);
    if (typeof value === 'string') return inVariables ? value : JSON.stringify(value);
    if (Array.isArray(value)) return `Array(${value.length})`;
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      return `{${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}}`;
    }
    return display(value);
  }

  /** The evaluate path of the row `name` under a variables reference (what setVariable changes). */
  pathOf(variablesReference: number, name: string): string | undefined {
    const h = this.handles.get(variablesReference);
    const index = /^\[(\d+)\]$/.exec(name);
    return h && this.childPath(h.path, index ? Number(index[1]) : name);
  }

  /** The children of a variables reference (a range of them for arrays). */
  variables(args: DebugProtocol.VariablesArguments): DebugProtocol.Variable[] {
    const h = this.handles.get(args.variablesReference);
    const out: DebugProtocol.Variable[] = [];
    if (h) {
      const inner = unwrap(h.value);
      if (Array.isArray(inner)) {
        const start = args.start ?? 0;
        const end = args.count ? Math.min(inner.length, start + args.count) : inner.length;
        for (let i = start; i < end; i++)
          out.push(this.toVariable(`[${i}]`, inner[i] as Value, this.childPath(h.path, i)));
      } else if (inner !== null && typeof inner === 'object') {
        for (const k of Object.keys(inner)) {
          const v = (inner as Record<string, Value>)[k];
          if (v instanceof Function) continue;
          out.push(this.toVariable(k, v, this.childPath(h.path, k)));
        }
      }
      if (!out.length && h.path === 'lastStatus')
        out.push({ name: 'status', value: '(no restore call yet)', variablesReference: 0 });
      if (!out.length && h.path === 'buffer')
        out.push({ name: 'buffer', value: '(no restore call)', variablesReference: 0 });
      if (!out.length && h.path === 'history')
        out.push({ name: 'history', value: '(no restore call yet)', variablesReference: 0 });
    }
    return out;
  }

  /** An expression's result at the current position; throws ExpressionError for a bad expression. */
  evaluate(expr: string): DebugProtocol.EvaluateResponse['body'] {
    const value = new Expression(expr).evaluate(this.scope());
    const v = this.toVariable(expr, value, expr);
    return {
      result: this.describe(value),
      variablesReference: v.variablesReference,
      ...(v.type ? { type: v.type } : {}),
      ...(v.memoryReference ? { memoryReference: v.memoryReference } : {}),
    };
  }

  /** Debug Console completions: scope names and STATUS_* constants, or the keys of the object before a dot. */
  completions(text: string, column: number): DebugProtocol.CompletionItem[] {
    const targets: DebugProtocol.CompletionItem[] = [];
    // Only the end of the line matters, and the pattern below backtracks: look at a bounded tail.
    const before = text.slice(0, Math.max(0, column - 1)).slice(-MAX_EXPRESSION_LENGTH);
    const m = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)?$/.exec(before);
    const objPath = (m?.[1] ?? '').replace(/\s+/g, '').replace(/\.$/, '');
    const word = m?.[2] ?? '';
    let keys: string[] = [];
    if (objPath) {
      try {
        const v = unwrap(new Expression(objPath).evaluate(this.scope()));
        if (Array.isArray(v)) keys = ['length'];
        else if (v && typeof v === 'object') keys = Object.keys(v);
      } catch {
        keys = [];
      }
    } else {
      keys = [...Object.keys(this.scope().names), ...Object.keys(STATUS)];
    }
    for (const k of keys) {
      if (!k.toLowerCase().startsWith(word.toLowerCase())) continue;
      const c = new CompletionItem(k, column - word.length) as DebugProtocol.CompletionItem;
      c.length = word.length;
      c.type = k.startsWith('STATUS_')
        ? 'value'
        : k === k.toUpperCase() && k.startsWith('NT_')
          ? 'function'
          : 'property';
      targets.push(c);
    }
    return targets;
  }
}
