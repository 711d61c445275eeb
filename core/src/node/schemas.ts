// Node entry of user schemas (docs/schemas.md): reads .ksy files (YAML or JSON), compiles them with
// kaitai-struct-compiler to JavaScript in debug mode (cached by content hash), and runs them for
// core's applyUserSchemas through the SchemaRunner interface, within the limits of core/src/limits.ts.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  formatByteLimit,
  MAX_SCHEMA_BYTES,
  MAX_SCHEMA_NODES,
  SCHEMA_COMPILE_MS,
  SCHEMA_DOCUMENT_MS,
  OptionError,
  parseSchemaMapping,
  SCHEMA_MAPPING_FILE,
  type KsyType,
  type SchemaEntry,
  type SchemaRunner,
  type UserParseResult,
} from '../index';
import { readInputFile, FileAccessError } from './files';
import { compileInWorker } from './ksyCompiler';
import { CompiledSchema, DEFAULT_RUN_LIMITS, type RunLimits } from './schemaRun';

export { CompiledSchema, type RunLimits } from './schemaRun';

/** A schema that compiled, or why it did not (the compiler's text, or a read or limit error). */
export type CompileOutcome = { ok: true; schema: CompiledSchema } | { ok: false; message: string };

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the compiler
const yamlModule = (): { load(s: string): unknown } => require('js-yaml') as { load(s: string): unknown };

/** Counts YAML nodes with repeats (an alias counts each time it is used), stopping past the limit. */
function countNodes(v: unknown, max: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n <= max) {
    const x = stack.pop();
    n++;
    if (Array.isArray(x)) stack.push(...x);
    else if (typeof x === 'object' && x !== null) stack.push(...Object.values(x));
  }
  return n;
}

/** The .ksy text as a plain object: YAML (JSON is YAML too); throws with the reason. */
export function readKsy(text: string): KsyType {
  if (text.length > MAX_SCHEMA_BYTES) throw new Error(`the schema is larger than ${formatByteLimit(MAX_SCHEMA_BYTES)}`);
  let v: unknown;
  try {
    v = yamlModule().load(text);
  } catch (e) {
    throw new Error(`is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error('is not a .ksy: the top level must be a map');
  if (countNodes(v, MAX_SCHEMA_NODES) > MAX_SCHEMA_NODES)
    throw new Error(`holds more than ${MAX_SCHEMA_NODES} YAML nodes (aliases count each time they are used)`);
  const imports = (v as { meta?: { imports?: unknown } }).meta?.imports;
  if (imports !== undefined)
    throw new Error('uses meta/imports, which vmbstate does not support yet: put the types in one file');
  return v as KsyType;
}

const cache = new Map<string, Promise<CompileOutcome>>();
const MAX_CACHED = 64;

/**
 * The time one compile may take (SCHEMA_COMPILE_MS); tests set a tiny one to see a compile stopped.
 * A compile that is stopped is cached like any outcome: the same text is not compiled again.
 */
export const compileLimits = { timeMs: SCHEMA_COMPILE_MS };

/** Compile .ksy text; the same text compiles once per process (cached by its SHA-256 and the limit). */
export function compileKsy(text: string): Promise<CompileOutcome> {
  const { timeMs } = compileLimits;
  const key = `${timeMs}:${createHash('sha256').update(text).digest('hex')}`;
  let p = cache.get(key);
  if (!p) {
    p = compileUncached(text, timeMs);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, p);
  }
  return p;
}

async function compileUncached(text: string, timeMs: number): Promise<CompileOutcome> {
  let ksy: KsyType;
  try {
    ksy = readKsy(text);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  // The worker gets a copy (a message is cloned), so the compiler never sees our object.
  const reply = await compileInWorker(ksy, timeMs);
  if ('error' in reply) return { ok: false, message: `does not compile: ${reply.error}` };
  const files = reply.files;
  const code = Object.values(files)[0];
  if (!code) return { ok: false, message: 'does not compile: the compiler produced no code' };
  try {
    return { ok: true, schema: new CompiledSchema(ksy, code) };
  } catch (e) {
    return { ok: false, message: `does not load: ${(e as Error).message}` };
  }
}

/** Options of a SchemaSet: where relative .ksy paths are, and the run limits. */
export interface SchemaSetOptions {
  baseDir?: string;
  limits?: Partial<RunLimits>;
  /** Time all parses of one document may take (SCHEMA_DOCUMENT_MS). */
  documentMs?: number;
}

/** The schemas of a mapping, compiled: the SchemaRunner core's applyUserSchemas calls. */
export class SchemaSet implements SchemaRunner {
  private readonly limits: RunLimits;
  private spent = 0;
  /** The document's time ran out and was reported once. */
  private exhausted = false;

  private constructor(
    private readonly outcomes: Map<string, CompileOutcome>,
    private readonly opts: SchemaSetOptions,
  ) {
    this.limits = { ...DEFAULT_RUN_LIMITS, ...opts.limits };
  }

  /** Read and compile every file the entries name (each file once). */
  static async load(entries: readonly SchemaEntry[], opts: SchemaSetOptions = {}): Promise<SchemaSet> {
    const outcomes = new Map<string, CompileOutcome>();
    for (const e of entries) {
      if (outcomes.has(e.file)) continue;
      outcomes.set(e.file, await compileFile(resolveSchemaPath(e.file, opts.baseDir)));
    }
    return new SchemaSet(outcomes, opts);
  }

  /** Each file's outcome, for reporting compile errors on the .ksy itself. */
  get results(): ReadonlyMap<string, CompileOutcome> {
    return this.outcomes;
  }

  unavailable(entry: SchemaEntry): string | undefined {
    const o = this.outcomes.get(entry.file);
    if (!o) return 'was not loaded';
    return o.ok ? undefined : o.message;
  }

  spec(entry: SchemaEntry): KsyType | undefined {
    const o = this.outcomes.get(entry.file);
    return o?.ok ? o.schema.ksy : undefined;
  }

  parse(entry: SchemaEntry, bytes: Uint8Array): UserParseResult {
    return this.parseMany([{ entry, bytes }])[0];
  }

  /**
   * Decode each job, one vm call per schema file, within what is left of the document's time
   * (SCHEMA_DOCUMENT_MS): once it is spent the payload being parsed gets SCHEMA-LIMIT and the
   * rest are `skipped` (not decoded, not reported again).
   */
  parseMany(jobs: { entry: SchemaEntry; bytes: Uint8Array }[]): UserParseResult[] {
    const total = this.opts.documentMs ?? SCHEMA_DOCUMENT_MS;
    const out: UserParseResult[] = new Array<UserParseResult>(jobs.length);
    // Jobs by schema file and type, in document order within each.
    const groups = new Map<string, number[]>();
    jobs.forEach((j, i) => {
      const k = `${j.entry.file}\0${j.entry.type ?? ''}`;
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
    });
    for (const idx of groups.values()) {
      const { entry } = jobs[idx[0]];
      const o = this.outcomes.get(entry.file);
      const budget = total - this.spent;
      if (!o?.ok || budget <= 0) {
        idx.forEach((i, n) => {
          out[i] = !o?.ok
            ? { fields: [], limit: 'the schema is not available' }
            : n === 0 && !this.exhausted
              ? {
                  fields: [],
                  limit: `user-schema parses of this document took more than ${total} ms: this payload and the rest are not decoded`,
                }
              : { fields: [], skipped: true };
        });
        if (o?.ok) this.exhausted = true;
        continue;
      }
      const t0 = performance.now();
      const rs = o.schema.parseMany(
        idx.map((i) => jobs[i].bytes),
        entry.type,
        { ...this.limits, timeMs: Math.max(1, Math.ceil(budget)) },
      );
      this.spent += performance.now() - t0;
      if (rs.some((r) => r.skipped)) this.exhausted = true;
      idx.forEach((i, n) => (out[i] = rs[n]));
    }
    return out;
  }
}

export function resolveSchemaPath(file: string, baseDir?: string): string {
  return baseDir && !path.isAbsolute(file) ? path.resolve(baseDir, file) : file;
}

/** Read and compile one .ksy file; a read error is an outcome, not a throw. */
export async function compileFile(file: string): Promise<CompileOutcome> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(readInputFile(file, 'text', MAX_SCHEMA_BYTES));
  } catch (e) {
    // FileAccessError says "FILE: cannot read: why"; the file is named by whoever reports the outcome.
    const why = e instanceof FileAccessError ? e.message.replace(/^.*?: cannot read: /, '') : (e as Error).message;
    return { ok: false, message: `cannot be read: ${why}` };
  }
  return compileKsy(text);
}

/** Folders searched upwards for the mapping file: at most this many. */
const MAX_MAPPING_DEPTH = 32;

/** The nearest `.vmbstate-schemas.json` in `dir` or a parent (at most 32 folders up). */
export function findSchemaMapping(dir: string): string | undefined {
  for (let i = 0, d = dir; i < MAX_MAPPING_DEPTH; i++) {
    const f = path.join(d, SCHEMA_MAPPING_FILE);
    if (existsSync(f) && statSync(f).isFile()) return f;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

/** The entries of a mapping file, files made absolute from its folder; `error` says why none were read. */
export function readSchemaMapping(file: string): { entries: SchemaEntry[]; error?: string } {
  try {
    const entries = parseSchemaMapping(readFileSync(file, 'utf8'), SCHEMA_MAPPING_FILE);
    return { entries: entries.map((e) => ({ ...e, file: resolveSchemaPath(e.file, path.dirname(file)) })) };
  } catch (e) {
    const error =
      e instanceof OptionError ? e.message : `${SCHEMA_MAPPING_FILE} cannot be read: ${(e as Error).message}`;
    return { entries: [], error };
  }
}
