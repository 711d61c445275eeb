// Joins user-schema results to the decoded tree: each decoded .ksy field becomes a FieldNode under
// the built-in field whose bytes it decodes (VspState, LibState, a vendor chunk's Data or Text),
// and each failure a SCHEMA-* problem (docs/schemas.md, docs/format.md §4 "User schemas").

import { escapeControl } from '../escape';
import { CHUNK_TYPES, FLAG_CONTINUES } from '../layout';
import type { ByteRange, ChunkNode, FieldNode, FieldType, Problem, SavedStateDocument } from '../model';
import type { KsyType } from './ksySpec';
import { formatSchemaKey, selectSchema, type SchemaEntry, type SchemaKey } from './mapping';

/** One decoded .ksy value, as the schema runner reports it; offsets are relative to the decoded bytes. */
export interface UserField {
  /** The .ksy id, or `[i]` for an element of a repeated field. */
  id: string;
  start: number;
  end: number;
  kind: 'int' | 'float' | 'bool' | 'str' | 'bytes' | 'struct' | 'array' | 'other';
  value?: number | bigint | string | boolean;
  /** The .ksy type expression (`u2`, `item`, `switch on op`). */
  ksyType: string;
  /** Integer types: signed, and the size in bytes (absent for bit fields). */
  signed?: boolean;
  size?: number;
  /** The .ksy id of the value in its `enum:`, or `?` when the enum has no such value. */
  enumId?: string;
  enumRef?: string;
  doc?: string;
  /** A value instance: computed, holds no bytes of its own. */
  computed?: boolean;
  /** The parse stopped inside this field. */
  failed?: boolean;
  /** Bytes: up to the first 16, for the display. */
  preview?: number[];
  children?: UserField[];
}

export interface UserParseResult {
  fields: UserField[];
  /** The Kaitai error that stopped the parse, and the bytes (relative) it is about. */
  error?: { message: string; start: number; end: number };
  /** A limit (time, depth, fields, allocation) stopped the parse: the reason. */
  limit?: string;
  /** Not decoded: the document's time ran out on an earlier payload (reported there). */
  skipped?: boolean;
}

/** Runs compiled schemas; the Node side (core/src/node/schemas.ts) implements it. */
export interface SchemaRunner {
  /** Why the entry's schema cannot run (it does not compile, or its file cannot be read); undefined when it can. */
  unavailable(entry: SchemaEntry): string | undefined;
  /** Decode exactly `bytes` with the entry's schema. */
  parse(entry: SchemaEntry, bytes: Uint8Array): UserParseResult;
  /** Decode many payloads at once (faster where running a parser has a fixed cost); results in job order. */
  parseMany?(jobs: { entry: SchemaEntry; bytes: Uint8Array }[]): UserParseResult[];
  /** The parsed .ksy of the entry's schema (completion lists its fields); undefined when it cannot run. */
  spec?(entry: SchemaEntry): KsyType | undefined;
}

const INT_TYPES: Record<number, FieldType> = { 1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64' };

function display(u: UserField): string {
  switch (u.kind) {
    case 'int':
      if (typeof u.value === 'number' && !u.signed && u.size && u.value >= 0 && Number.isSafeInteger(u.value))
        return u.size === 1
          ? `${u.value}`
          : `0x${u.value
              .toString(16)
              .toUpperCase()
              .padStart(u.size * 2, '0')} (${u.value})`;
      return typeof u.value === 'bigint' && !u.signed
        ? `0x${u.value.toString(16).toUpperCase()} (${u.value})`
        : `${u.value}`;
    case 'str':
      return escapeControl(JSON.stringify(u.value ?? ''));
    case 'bytes': {
      const n = u.end - u.start;
      const p = (u.preview ?? []).map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
      return `${n} byte${n === 1 ? '' : 's'}${p ? `: ${p}${n > (u.preview?.length ?? 0) ? ' …' : ''}` : ''}`;
    }
    case 'array':
      return `${u.children?.length ?? 0} item(s)`;
    case 'struct':
      return '';
    default:
      return `${u.value}`;
  }
}

function fieldType(u: UserField): FieldType {
  if (u.kind === 'struct' || u.kind === 'array') return 'group';
  if (u.kind === 'str') return 'utf8';
  if (u.kind === 'int' && !u.signed && u.size && INT_TYPES[u.size]) return INT_TYPES[u.size];
  return 'bytes';
}

/** The FieldNode of a user field whose decoded bytes begin at stream offset `base`. */
export function userFieldNode(u: UserField, base: number, schema: string): FieldNode {
  const note = u.failed
    ? 'the parse stopped here'
    : u.enumId !== undefined
      ? u.enumId === '?'
        ? `not a value of enum ${u.enumRef}`
        : u.enumId
      : u.computed
        ? 'computed'
        : undefined;
  const f: FieldNode = {
    kind: 'field',
    name: u.id,
    type: fieldType(u),
    bytes: { start: base + u.start, end: base + u.end },
    display: display(u),
    user: {
      schema,
      ksyType: u.ksyType,
      ...(u.enumId !== undefined && u.enumId !== '?' ? { enumId: u.enumId } : {}),
      ...(u.doc ? { doc: u.doc } : {}),
      ...(u.computed ? { computed: true } : {}),
    },
  };
  if (typeof u.value === 'number' || typeof u.value === 'bigint' || typeof u.value === 'string') f.value = u.value;
  else if (typeof u.value === 'boolean') f.value = u.value ? 1 : 0;
  if (note) f.note = note;
  if (u.children) f.children = u.children.map((c) => userFieldNode(c, base, schema));
  return f;
}

function unreadField(start: number, end: number, schema: string): FieldNode {
  return {
    kind: 'field',
    name: '(unread)',
    type: 'bytes',
    bytes: { start, end },
    display: `${end - start} byte${end - start === 1 ? '' : 's'}`,
    note: 'after the last field the schema reads',
    user: { schema, ksyType: 'bytes' },
  };
}

/** The built-in fields a schema may decode in a chunk, with their keys. */
function carriers(c: ChunkNode): { key: SchemaKey; field: FieldNode }[] {
  const type = c.header!.type;
  if (type === CHUNK_TYPES.PACKET) {
    const out: { key: SchemaKey; field: FieldNode }[] = [];
    for (const f of c.payloadFields) {
      if (f.name === 'LibState') out.push({ key: 'lib', field: f });
      if (f.name === 'VspState') out.push({ key: 'vsp', field: f });
    }
    return out;
  }
  // NOTE (Text) and chunk types vmbstate does not lay out (Data): the payload is one field.
  const f = c.payloadFields;
  return f.length === 1 && f[0].children === undefined ? [{ key: type, field: f[0] }] : [];
}

function streamInterfaceType(doc: SavedStateDocument): string | undefined {
  const begin = doc.chunks.find((c) => c.header?.type === CHUNK_TYPES.BEGIN && c.complete);
  const v = begin?.payloadFields.find((f) => f.name === 'InterfaceType')?.value;
  return typeof v === 'string' ? v : doc.channel.interfaceType;
}

/**
 * Decode every payload the mapping names and attach the fields; appends the SCHEMA-* problems to
 * `doc.problems` and records mandatory failures in `doc.schemaFailures` for the emulated restore.
 * Chunks of a CONTINUES chain and incomplete chunks are not decoded (their record is not whole).
 */
export function applyUserSchemas(
  doc: SavedStateDocument,
  entries: readonly SchemaEntry[],
  runner: SchemaRunner,
): Problem[] {
  const problems: Problem[] = [];
  if (!entries.length) return problems;
  const keys = new Set(entries.map((e) => e.key));
  const wantsPacket = keys.has('vsp') || keys.has('lib');
  const interfaceType = wantsPacket ? streamInterfaceType(doc) : undefined;
  // 1. What to decode, in stream order; 2. decode it all at once; 3. join the fields and report.
  const jobs: { c: ChunkNode; key: SchemaKey; field: FieldNode; entry: SchemaEntry; why?: string }[] = [];
  let continuing = false;
  for (const c of doc.chunks) {
    const h = c.header;
    const inChain = continuing;
    continuing = h !== undefined && (h.flags & FLAG_CONTINUES) !== 0;
    if (!h || !c.complete || inChain || continuing) continue;
    if (h.type === CHUNK_TYPES.PACKET ? !wantsPacket : !keys.has(h.type)) continue;
    for (const { key, field } of carriers(c)) {
      const entry = selectSchema(entries, {
        key,
        interfaceType,
        b: doc.bytes,
        start: field.bytes.start,
        end: field.bytes.end,
      });
      if (entry) jobs.push({ c, key, field, entry, why: runner.unavailable(entry) });
    }
  }
  const runnable = jobs.filter((j) => j.why === undefined);
  const parsed = (() => {
    const list = runnable.map((j) => ({
      entry: j.entry,
      bytes: doc.bytes.subarray(j.field.bytes.start, j.field.bytes.end),
    }));
    return runner.parseMany ? runner.parseMany(list) : list.map((x) => runner.parse(x.entry, x.bytes));
  })();
  const results = new Map(runnable.map((j, i) => [j, parsed[i]]));
  for (const j of jobs) {
    const { c, key, field, entry } = j;
    const at = (message: string, bytes: ByteRange, code: Problem['code'], severity: Problem['severity']): Problem => {
      const p: Problem = { code, message, severity, bytes, call: c.call, chunk: c.index };
      problems.push(p);
      return p;
    };
    const what = `${field.name} of chunk ${c.index + 1} (${c.typeName})`;
    const schema = `${entry.file}${entry.type ? `#${entry.type}` : ''}`;
    if (j.why !== undefined) {
      at(
        `${what} is not decoded: schema ${schema} (${formatSchemaKey(key)}) ${j.why}`,
        field.bytes,
        'SCHEMA-COMPILE',
        'warning',
      );
      continue;
    }
    const r = results.get(j)!;
    if (r.skipped) continue;
    const base = field.bytes.start;
    if (r.fields.length) {
      field.children = r.fields.map((u) => userFieldNode(u, base, schema));
      // Bytes after the last field the schema read stay visible (and compared by diff) as one field.
      const read = Math.max(base, ...field.children.map((f) => f.bytes.end));
      if (read < field.bytes.end) field.children.push(unreadField(read, field.bytes.end, schema));
    }
    if (r.limit !== undefined) {
      at(`${what}: the schema ${schema} stopped at a limit: ${r.limit}`, field.bytes, 'SCHEMA-LIMIT', 'warning');
    } else if (r.error) {
      const bytes = { start: base + r.error.start, end: base + r.error.end };
      const message = `${what} does not parse under ${schema}: ${r.error.message}`;
      if (entry.mandatory) {
        const p = at(`${message} (the schema is mandatory: the restore fails)`, bytes, 'SCHEMA-MANDATORY', 'error');
        (doc.schemaFailures ??= new Map()).set(c.bytes.start, p);
      } else at(message, bytes, 'SCHEMA-PARSE', 'warning');
    }
  }
  doc.problems.push(...problems);
  return problems;
}
