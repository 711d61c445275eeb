// Runs a compiled .ksy parser (kaitai-struct-compiler output, debug mode) in its own vm context
// with limits: time (vm timeout over the parse and the reading of its fields), nesting depth,
// field count and array length, so a hostile schema or payload stops with a reason, never hangs.

import * as vm from 'node:vm';
import {
  docText,
  KsyIndex,
  MAX_SCHEMA_ARRAY,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_FIELDS,
  SCHEMA_DOCUMENT_MS,
  typeText,
  upperCamel,
  type KsyAttr,
  type KsyType,
  type UserField,
  type UserParseResult,
} from '../index';

/** The one statement each parse runs in a schema's context (compiled once). */
const RUN_JOB = new vm.Script('__job()', { filename: 'vmbstate-schema-job.js' });

/** Thrown inside the sandbox when a limit is reached; carries the reason. */
class SchemaLimit extends Error {}

export interface RunLimits {
  /** Time one batch of parses may take (the document's remaining budget). */
  timeMs: number;
  depth: number;
  fields: number;
  array: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = {
  timeMs: SCHEMA_DOCUMENT_MS,
  depth: MAX_SCHEMA_DEPTH,
  fields: MAX_SCHEMA_FIELDS,
  array: MAX_SCHEMA_ARRAY,
};

interface Guard {
  depth: number;
  limits: RunLimits;
}

type ParserClass = (new (io: unknown, parent: unknown, root: unknown) => Record<string, unknown>) &
  Record<string, unknown>;
interface DebugEntry {
  start?: number;
  end?: number;
  ioOffset?: number;
  arr?: DebugEntry[];
  validationError?: unknown;
}

// The runtime, loaded on first use: `process: zlib` is refused (a decompression bomb is an allocation without bound).
let streamClass: (new (b: ArrayBuffer) => unknown) | undefined;
function limitedStream(): new (b: ArrayBuffer) => unknown {
  if (!streamClass) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime is loaded only when a schema runs
    const Base = require('kaitai-struct/KaitaiStream') as new (b: ArrayBuffer) => unknown;
    class Limited extends (Base as new (b: ArrayBuffer) => object) {
      static processZlib(): never {
        throw new Error('process: zlib is not supported in vmbstate user schemas');
      }
    }
    streamClass = Limited;
  }
  return streamClass;
}

/** One compiled schema, loaded into its own context. */
export class CompiledSchema {
  private readonly context: vm.Context;
  private readonly guard: Guard = { depth: 0, limits: DEFAULT_RUN_LIMITS };
  private readonly specOf = new Map<unknown, KsyType>();
  readonly rootClass: ParserClass;
  readonly index: KsyIndex;

  constructor(
    readonly ksy: KsyType,
    code: string,
  ) {
    this.index = new KsyIndex(ksy);
    const guard = this.guard;
    const limit = (msg: string) => {
      throw new SchemaLimit(msg);
    };
    this.context = vm.createContext({ __stream: limitedStream(), __limit: limit, __guard: guard });
    vm.runInContext(
      `var exports = {};
       function require(name) { if (name === 'kaitai-struct/KaitaiStream') return __stream; throw new Error('require is not available to a schema'); }
       (function () {
         var push = Array.prototype.push;
         Array.prototype.push = function () {
           if (this.length + arguments.length > __guard.limits.array) __limit('a repeated field has more than ' + __guard.limits.array + ' items');
           return push.apply(this, arguments);
         };
       })();`,
      this.context,
    );
    vm.runInContext(code, this.context, { timeout: 2000, filename: 'schema.js' });
    const exported = vm.runInContext('exports', this.context) as Record<string, ParserClass>;
    const name = Object.keys(exported)[0];
    if (!name) throw new Error('the compiled schema exports no parser');
    this.rootClass = exported[name];
    this.wrap(this.rootClass, ksy, 0);
  }

  /** Map each generated class to its .ksy type and count nesting in its _read. */
  private wrap(cls: ParserClass, spec: KsyType, depth: number): void {
    if (this.specOf.has(cls) || depth > 64) return;
    this.specOf.set(cls, spec);
    const proto = cls.prototype as { _read: () => void };
    const read = proto._read;
    const guard = this.guard;
    proto._read = function (this: unknown) {
      if (++guard.depth > guard.limits.depth) {
        guard.depth--;
        throw new SchemaLimit(`user types nest deeper than ${guard.limits.depth}`);
      }
      try {
        read.call(this);
      } finally {
        guard.depth--;
      }
    };
    if (typeof spec.types === 'object' && spec.types)
      for (const id of Object.keys(spec.types)) {
        const sub = cls[upperCamel(id)] as ParserClass | undefined;
        const subSpec = this.index.child(spec, id);
        if (typeof sub === 'function' && subSpec) this.wrap(sub, subSpec, depth + 1);
      }
  }

  /** Decode `bytes` with the root type, or the top-level type `typeName`. */
  parse(bytes: Uint8Array, typeName: string | undefined, limits: RunLimits): UserParseResult {
    return this.parseMany([bytes], typeName, limits)[0];
  }

  /**
   * Decode each of `items` (one vm call for all: a call with a timeout costs a watchdog thread).
   * `limits.timeMs` bounds the whole batch; when it runs out, the payload being parsed gets a
   * limit and the ones after it are `skipped`.
   */
  parseMany(items: Uint8Array[], typeName: string | undefined, limits: RunLimits): UserParseResult[] {
    const cls = typeName ? (this.rootClass[upperCamel(typeName)] as ParserClass | undefined) : this.rootClass;
    const spec = typeName ? this.index.child(this.ksy, typeName) : this.ksy;
    if (typeof cls !== 'function' || !spec)
      return items.map((bytes) => ({
        fields: [],
        error: { message: `the schema has no top-level type "${typeName}"`, start: 0, end: bytes.length },
      }));
    this.guard.limits = limits;
    const results: UserParseResult[] = [];
    let current: UserParseResult | undefined;
    const job = () => {
      for (const bytes of items) {
        current = { fields: [] };
        this.parseOne(bytes, cls, spec, limits, current);
        results.push(current);
        current = undefined;
      }
    };
    (this.context as { __job?: () => void }).__job = job;
    try {
      RUN_JOB.runInContext(this.context, { timeout: limits.timeMs });
    } catch (e) {
      const out: UserParseResult = current ?? { fields: [] };
      if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
        out.limit = `user-schema parses of this document took more than ${limits.timeMs} ms: this payload and the rest are not decoded`;
      else if (e instanceof SchemaLimit) out.limit = e.message;
      else out.error = { message: kaitaiMessage(e), start: 0, end: items[results.length]?.length ?? 0 };
      results.push(out);
      while (results.length < items.length) results.push({ fields: [], skipped: true });
    }
    return results;
  }

  private parseOne(bytes: Uint8Array, cls: ParserClass, spec: KsyType, limits: RunLimits, out: UserParseResult): void {
    this.guard.depth = 0;
    // A copy of exactly these bytes: a Node Buffer's own slice() shares its pool, whose .buffer holds other data.
    const io = new (limitedStream())(Uint8Array.prototype.slice.call(bytes).buffer);
    const obj = new cls(io, null, null);
    obj._root = obj;
    let failure: unknown;
    try {
      (obj._read as () => void).call(obj);
    } catch (e) {
      failure = e;
    }
    this.guard.depth = 0;
    const reader = new FieldReading(this, limits, bytes.length);
    try {
      out.fields = reader.struct(obj, spec);
    } catch (e) {
      if (!(e instanceof SchemaLimit)) throw e;
      out.fields = reader.partial;
      out.limit = e.message;
    }
    if (failure === undefined) return;
    if (failure instanceof SchemaLimit) out.limit = failure.message;
    else if (failure instanceof RangeError && /call stack/i.test(failure.message))
      out.limit = 'the parse recursed too deep';
    else {
      const at = reader.failedAt;
      const message = kaitaiMessage(failure) + (at ? ` (at ${at.path})` : '');
      out.error = { message, start: at?.start ?? 0, end: at?.end ?? bytes.length };
    }
  }

  typeOf(obj: object): KsyType | undefined {
    return this.specOf.get(obj.constructor);
  }
}

/** Kaitai's error text: the error's name and message. */
function kaitaiMessage(e: unknown): string {
  if (!(e instanceof Object)) return String(e);
  const err = e as { name?: string; message?: string };
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return `${name}${err.message ?? String(e)}`;
}

/** Reads a parsed object into UserFields, counting them; records where a failed parse stopped. */
class FieldReading {
  private count = 0;
  /** The fields read so far, when a limit stops the reading. */
  partial: UserField[] = [];
  failedAt?: { start: number; end: number; path: string };
  /** The ids from the root to the field being read: `sg_list[1].pfn`. */
  private readonly trail: string[] = [];

  constructor(
    private readonly schema: CompiledSchema,
    private readonly limits: RunLimits,
    private readonly length: number,
  ) {}

  struct(obj: Record<string, unknown>, spec: KsyType): UserField[] {
    const out: UserField[] = [];
    if (this.partial.length === 0) this.partial = out;
    const dbg = (obj._debug ?? {}) as Record<string, DebugEntry>;
    for (const { attr, js, instance } of this.schema.index.attrs(spec)) {
      let v: unknown;
      let d: DebugEntry | undefined;
      if (instance) {
        try {
          v = obj[js];
        } catch (e) {
          if (e instanceof SchemaLimit) throw e;
          continue; // an instance that cannot be computed is left out; the seq fields say why
        }
        d = dbg[`_m_${js}`];
      } else {
        d = dbg[js];
        if (!d) continue; // not reached, or its `if:` is false
        v = obj[js];
      }
      const f = this.value(attr.id, v, d, attr, spec, instance);
      if (f) out.push(f);
    }
    return out;
  }

  /** The field of `v`; where the parse stopped, the innermost failed field gives the error's bytes. */
  private value(
    id: string,
    v: unknown,
    d: DebugEntry | undefined,
    attr: KsyAttr,
    scope: KsyType,
    instance: boolean,
  ): UserField | undefined {
    this.trail.push(id.startsWith('[') || !this.trail.length ? id : `.${id}`);
    try {
      const f = this.valueOf(id, v, d, attr, scope, instance);
      if (f?.failed && !this.failedAt) this.failedAt = { start: f.start, end: f.end, path: this.trail.join('') };
      return f;
    } finally {
      this.trail.pop();
    }
  }

  private valueOf(
    id: string,
    v: unknown,
    d: DebugEntry | undefined,
    attr: KsyAttr,
    scope: KsyType,
    instance: boolean,
  ): UserField | undefined {
    if (++this.count > this.limits.fields)
      throw new SchemaLimit(`the payload yields more than ${this.limits.fields} fields`);
    const computed = instance && (d?.start === undefined || attr.value !== undefined);
    const start = Math.min(this.length, (d?.ioOffset ?? 0) + (d?.start ?? 0));
    const failed = d !== undefined && d.start !== undefined && (d.end === undefined || d.validationError !== undefined);
    const end =
      failed && d?.end === undefined
        ? this.length
        : Math.min(this.length, (d?.ioOffset ?? 0) + (d?.end ?? d?.start ?? 0));
    const f: UserField = { id, start, end: Math.max(start, end), kind: 'other', ksyType: typeText(attr) };
    const doc = docText(attr);
    if (doc) f.doc = doc;
    if (computed) f.end = f.start;
    if (computed) f.computed = true;
    if (failed) f.failed = true;
    if (Array.isArray(v) && d?.arr) {
      f.kind = 'array';
      const item = { ...attr, repeat: undefined };
      f.children = [];
      for (let i = 0; i < v.length; i++) {
        const c = this.value(`[${i}]`, v[i], d.arr[i], item, scope, false);
        if (c) f.children.push(c);
      }
      return f;
    }
    if (v === undefined || v === null) return failed ? f : undefined;
    if (v instanceof Uint8Array || (typeof v === 'object' && ArrayBuffer.isView(v))) {
      const b = v as Uint8Array;
      f.kind = 'bytes';
      f.preview = Array.from(b.subarray(0, 16));
      return f;
    }
    if (typeof v === 'object') {
      const spec = this.schema.typeOf(v);
      f.kind = 'struct';
      // A failed field's later siblings are not read: the error names the place.
      f.children = spec ? this.struct(v as Record<string, unknown>, spec) : [];
      if (f.children.length && f.end <= f.start && !computed)
        f.end = Math.max(...f.children.map((c: UserField) => c.end));
      return f;
    }
    if (typeof v === 'number') {
      const t = typeof attr.type === 'string' ? attr.type : '';
      const m = /^([us])([1248])(le|be)?$/.exec(t);
      f.kind = /^f[48]/.test(t) ? 'float' : 'int';
      if (m) {
        f.signed = m[1] === 's';
        f.size = Number(m[2]);
      }
      f.value = v;
      if (typeof attr.enum === 'string') {
        f.enumRef = attr.enum;
        f.enumId = this.schema.index.enumLabel(scope, attr.enum, v)?.id ?? '?';
      }
      return f;
    }
    if (typeof v === 'boolean') {
      f.kind = 'bool';
      f.value = v;
      return f;
    }
    if (typeof v === 'string') {
      f.kind = 'str';
      f.value = v;
      return f;
    }
    f.value = String(v);
    return f;
  }
}
