// What the debugger shows about the current position: the expression scope (the names that
// conditions, watch, hover and the console see) and the Variables scopes built from it; the
// channel's restored state is in channelValue.ts, the stack frames in frames.ts. Values are plain
// objects, arrays and scalars; Shown wraps a value that has a better display (a status by name, a
// field as decoded) without changing what expressions see.

import {
  diagnosticInfo,
  formatStatus,
  hex,
  hex64,
  ntSuccess,
  STATUS,
  statusHex,
  statusMeaning,
  statusName,
  statusSeverity,
  ntSuccessTrap,
  type ByteRange,
  type CallTrace,
  type ChunkNode,
  type FieldNode,
  type TraceEntry,
} from '../../core/src';
import { Builtin, Shown, unwrap, type EvalScope, type Value } from './expressionValues';
import { channelValue } from './channelValue';
import { callLabel, itemLabel, type Item } from './plan';
import { plural } from './printing';
import type { RestoreRuntime } from './restoreRuntime';

const range = (r: ByteRange) => `[${r.start}..${r.end})`;

export function statusValue(status: number, note?: string): Shown {
  return new Shown(status >>> 0, formatStatus(status) + (note ? ` · ${note}` : ''));
}

/** Define a lazily computed, enumerable property (so expressions only pay for what they read). */
function lazy<T extends object>(o: T, key: string, get: () => Value): T {
  let done = false;
  let v: Value;
  Object.defineProperty(o, key, {
    enumerable: true,
    configurable: false,
    get: () => {
      if (!done) {
        v = get();
        done = true;
      }
      return v;
    },
  });
  return o;
}

// ---------------------------------------------------------------------------------------------
// Status

/** Everything about one NTSTATUS: the Last status scope and `lastStatus`. */
export function statusInfo(status: number, trace?: CallTrace): Shown {
  const s = status >>> 0;
  const o: Record<string, Value> = {
    name: statusName(s) ?? statusHex(s),
    value: new Shown(s, statusHex(s)),
    hex: statusHex(s),
    ntSuccess: ntSuccess(s),
    severity: statusSeverity(s),
    // The trap is its own entry below: the meaning leaves it out rather than say it twice.
    meaning: statusMeaning(s, { trap: false }),
  };
  const trap = ntSuccessTrap(s);
  if (trap) o.trap = trap;
  if (trace) {
    o.call = trace.call + 1;
    o.phase = trace.phase;
    o.lifecycle = trace.lifecycle;
    if (trace.failure) {
      const info = diagnosticInfo(trace.failure.code);
      o.diagnostic = new Shown(
        {
          code: trace.failure.code,
          title: info?.title ?? '',
          message: trace.failure.message,
          ...(trace.failure.bytes ? { bytes: range(trace.failure.bytes) } : {}),
        },
        `${trace.failure.code}: ${trace.failure.message}`,
      );
    }
    if (trace.expect)
      o.expect = new Shown(
        {
          status: statusValue(trace.expect.status),
          ...(trace.expect.diag ? { diag: trace.expect.diag } : {}),
          ok: trace.expect.ok,
        },
        `${formatStatus(trace.expect.status)}${trace.expect.diag ? ` diag=${trace.expect.diag}` : ''}: ${trace.expect.ok ? 'ok' : 'MISMATCH'}`,
      );
  }
  return new Shown(o, formatStatus(s) + (ntSuccess(s) ? '' : ' · NT_SUCCESS FALSE'));
}

// ---------------------------------------------------------------------------------------------
// Fields and chunks

function fieldValue(f: FieldNode): Value {
  const text = f.note ? `${f.display} — ${f.note}` : f.display;
  if (f.children && f.children.length) return new Shown(fieldObject(f.children), text);
  return new Shown(f.value ?? f.display, text);
}

function fieldObject(fields: FieldNode[]): Record<string, Value> {
  const o: Record<string, Value> = {};
  for (const f of fields) {
    let key = f.name.replace(/[^A-Za-z0-9_$]/g, '_') || 'field';
    if (/^[0-9]/.test(key)) key = '_' + key;
    for (let n = 2; Object.prototype.hasOwnProperty.call(o, key); n++)
      key = `${f.name.replace(/[^A-Za-z0-9_$]/g, '_')}_${n}`;
    o[key] = fieldValue(f);
  }
  return o;
}

export function itemValue(it: Item, applied?: boolean): Shown {
  const o: Record<string, Value> = {};
  if (it.kind === 'raw') {
    o.kind = 'raw';
    o.offset = new Shown(it.bytes.start, hex(it.bytes.start, 1));
    o.bytes = range(it.bytes);
    o.size = it.bytes.end - it.bytes.start;
    o.reason = it.reason;
    return new Shown(o, itemLabel(it));
  }
  const c: ChunkNode = it;
  o.chunk = c.index + 1;
  o.kind = c.typeName;
  if (c.header) {
    o.sequence = c.header.sequence;
    o.type = new Shown(c.header.type, hex(c.header.type, 4));
  }
  o.offset = new Shown(c.bytes.start, hex(c.bytes.start, 1));
  o.bytes = range(c.bytes);
  o.size = c.bytes.end - c.bytes.start;
  o.complete = c.complete;
  if (applied !== undefined) o.applied = applied;
  lazy(
    o,
    'header',
    () => new Shown(fieldObject(c.headerFields), `${range(c.headerBytes)} ${plural(c.headerFields.length, 'field')}`),
  );
  lazy(
    o,
    'payload',
    () =>
      new Shown(
        fieldObject(c.payloadFields),
        `${range(c.payloadBytes)} ${plural(c.payloadBytes.end - c.payloadBytes.start, 'byte')}`,
      ),
  );
  if (c.paddingBytes.end > c.paddingBytes.start)
    o.padding = `${range(c.paddingBytes)} ${plural(c.paddingBytes.end - c.paddingBytes.start, 'byte')}`;
  const seq = c.header ? ` seq ${c.header.sequence}` : '';
  return new Shown(o, `${itemLabel(c)}${seq} ${range(c.bytes)}`);
}

// ---------------------------------------------------------------------------------------------
// Buffer and history

function bufferValue(rt: RestoreRuntime): Value {
  const call = rt.currentCall;
  if (!call) return undefined;
  const res = rt.currentCallResult;
  const ran = rt.currentCallRan;
  const applied = ran && res ? new Set(res.trace.failure ? [] : res.trace.chunks) : undefined;
  const o: Record<string, Value> = {
    call: call.index + 1,
    bytes: range(call.bytes),
    start: call.bytes.start,
    end: call.bytes.end,
    size: call.size,
    bufferNull: call.bufferNull,
    ran,
  };
  if (res)
    o.returns = statusValue(
      res.trace.status,
      res.preview ? `preview: call ${call.index + 1} has not run yet` : undefined,
    );
  const ops = ran ? [] : rt.pendingOps;
  if (ops.length) o.pendingOps = new Shown(ops, ops.map((x) => `.op ${x}`).join(', ') + ' (run before this call)');
  if (call.expect)
    o.expect = statusValue(call.expect.status, call.expect.diag ? `diag=${call.expect.diag}` : undefined);
  const cur = rt.currentItem;
  o.current = cur ? itemValue(cur, applied ? cur.kind === 'chunk' && applied.has(cur.index) : undefined) : undefined;
  lazy(
    o,
    'chunks',
    () =>
      new Shown(
        call.items.map((it) => itemValue(it, applied ? it.kind === 'chunk' && applied.has(it.index) : undefined)),
        plural(call.items.length, 'item'),
      ),
  );
  return new Shown(o, `${callLabel(call)}${ran ? '' : ' · not run yet'}`);
}

function traceValue(rt: RestoreRuntime, e: TraceEntry): Shown {
  if (e.kind === 'op')
    return new Shown(
      { op: e.op, ok: e.ok, message: e.message, phase: e.phase, lifecycle: e.lifecycle },
      `op ${e.message}`,
    );
  const call = rt.doc.calls[e.call];
  const o: Record<string, Value> = {
    call: e.call + 1,
    bytes: range(e.bytes),
    chunks: e.chunks.length,
    status: statusValue(e.status),
    ntSuccess: e.ntSuccess,
    phase: e.phase,
    lifecycle: e.lifecycle,
  };
  if (e.failure)
    o.diagnostic = new Shown(
      { code: e.failure.code, message: e.failure.message },
      `${e.failure.code}: ${e.failure.message}`,
    );
  if (e.warnings.length)
    o.warnings = new Shown(
      e.warnings.map((w) => `${w.code}: ${w.message}`),
      plural(e.warnings.length, 'warning'),
    );
  if (e.expect)
    o.expect = new Shown(
      { status: statusValue(e.expect.status), ok: e.expect.ok },
      `${formatStatus(e.expect.status)}: ${e.expect.ok ? 'ok' : 'MISMATCH'}`,
    );
  return new Shown(o, `${callLabel(call)} → ${formatStatus(e.status)}`);
}

// ---------------------------------------------------------------------------------------------
// Scope

const builtins: Record<string, Builtin> = {
  NT_SUCCESS: new Builtin('NT_SUCCESS', 1, (s) => ntSuccess(Number(unwrap(s)))),
  NT_INFORMATION: new Builtin('NT_INFORMATION', 1, (s) => statusSeverity(Number(unwrap(s))) === 'informational'),
  NT_WARNING: new Builtin('NT_WARNING', 1, (s) => statusSeverity(Number(unwrap(s))) === 'warning'),
  NT_ERROR: new Builtin('NT_ERROR', 1, (s) => statusSeverity(Number(unwrap(s))) === 'error'),
  hex: new Builtin('hex', 1, (n) => {
    const v = unwrap(n);
    if (typeof v === 'bigint') return hex64(v);
    if (typeof v === 'number') return hex(v, 8);
    return String(v);
  }),
  name: new Builtin('name', 1, (n) => {
    const v = unwrap(n);
    return typeof v === 'number' ? (statusName(v) ?? statusHex(v)) : undefined;
  }),
};

/** Names every expression can use; see docs/step-restore.md ("Watch names"). */
export const SCOPE_NAMES = [
  'status',
  'statusName',
  'ntSuccess',
  'kind',
  'sequence',
  'call',
  'chunk',
  'offset',
  'phase',
  'lifecycle',
  'preview',
  'channel',
  'gpadls',
  'packets',
  'notes',
  'messages',
  'begin',
  'offer',
  'channelState',
  'buffer',
  'chunks',
  'current',
  'lastStatus',
  'history',
  'outcome',
] as const;

export function buildScope(rt: RestoreRuntime): EvalScope {
  const names: Record<string, Value> = {};
  const res = rt.currentCallResult;
  const call = rt.currentCall;
  const item = rt.currentItem;
  names.status = res
    ? statusValue(res.trace.status, res.preview ? `preview: call ${res.trace.call + 1} has not run yet` : undefined)
    : undefined;
  names.statusName = res ? (statusName(res.trace.status) ?? statusHex(res.trace.status)) : undefined;
  names.ntSuccess = res ? ntSuccess(res.trace.status) : undefined;
  names.preview = res ? res.preview : undefined;
  names.kind = item ? (item.kind === 'chunk' ? item.typeName : 'raw') : undefined;
  names.sequence = item && item.kind === 'chunk' ? item.header?.sequence : undefined;
  names.call = call ? call.index + 1 : undefined;
  names.chunk = item && item.kind === 'chunk' ? item.index + 1 : undefined;
  names.offset = item
    ? new Shown(item.bytes.start, hex(item.bytes.start, 1))
    : call
      ? new Shown(call.bytes.start, hex(call.bytes.start, 1))
      : undefined;
  names.phase = rt.session.channel.phase;
  names.lifecycle = rt.session.channel.lifecycle;
  lazy(names, 'channel', () => channelValue(rt));
  lazy(names, 'gpadls', () => (unwrap(names.channel) as Record<string, Value>).gpadls);
  lazy(names, 'packets', () => (unwrap(names.channel) as Record<string, Value>).packets);
  lazy(names, 'notes', () => (unwrap(names.channel) as Record<string, Value>).notes);
  lazy(names, 'messages', () => (unwrap(names.channel) as Record<string, Value>).messages);
  lazy(names, 'begin', () => (unwrap(names.channel) as Record<string, Value>).begin);
  lazy(names, 'offer', () => (unwrap(names.channel) as Record<string, Value>).offer);
  lazy(names, 'channelState', () => (unwrap(names.channel) as Record<string, Value>).channelState);
  lazy(names, 'buffer', () => bufferValue(rt));
  lazy(names, 'chunks', () => {
    const b = unwrap(names.buffer) as Record<string, Value> | undefined;
    return b ? b.chunks : undefined;
  });
  lazy(names, 'current', () => {
    const b = unwrap(names.buffer) as Record<string, Value> | undefined;
    return b ? b.current : undefined;
  });
  lazy(names, 'lastStatus', () => {
    const t = rt.lastCallTrace;
    return t ? statusInfo(t.status, t) : undefined;
  });
  lazy(names, 'history', () => {
    const t = rt.session.trace;
    return new Shown(
      t.map((e) => traceValue(rt, e)),
      plural(t.length, 'step'),
    );
  });
  lazy(names, 'outcome', () => {
    const o = rt.outcome;
    if (!o) return undefined;
    return new Shown(
      {
        status: statusValue(o.status),
        findings: o.findings.map((f) => new Shown({ code: f.code, message: f.message }, `${f.code}: ${f.message}`)),
      },
      formatStatus(o.status),
    );
  });
  Object.assign(names, builtins);
  return {
    names,
    fallback: (n) =>
      n.startsWith('STATUS_') && n in STATUS ? statusValue(STATUS[n as keyof typeof STATUS]) : undefined,
  };
}
