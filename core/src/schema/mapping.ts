// User-schema mapping (docs/schemas.md): which Kaitai Struct (.ksy) file, and which type in it,
// decodes a PACKET's VspState or LibState or a vendor chunk's payload; shared by the CLI's
// `--schema KEY=FILE`, the `.vmbstate-schemas.json` file, the settings and the `.schema` directive.

import { CHUNK_TYPES } from '../layout';
import { OptionError } from '../runOptions';

/** What a schema decodes: every PACKET's VspState, its LibState, or the payload of one chunk type. */
export type SchemaKey = 'vsp' | 'lib' | number;

/** A selector on the bytes being decoded: the little-endian unsigned integer of `size` bytes at `at` equals `equals`. */
export interface SchemaMatch {
  at: number;
  size: 1 | 2 | 4;
  equals: number;
}

export interface SchemaEntry {
  key: SchemaKey;
  /** The .ksy file as written (relative paths are relative to the mapping's base folder). */
  file: string;
  /** A type declared at the top level of the file's `types:`; the file's root type when absent. */
  type?: string;
  /** Only for a stream whose BEGIN InterfaceType (or the configured channel's) is this GUID (lower case, no braces). */
  interfaceType?: string;
  match?: SchemaMatch;
  /** A parse failure is an error and fails the restore (SCHEMA-MANDATORY). */
  mandatory: boolean;
}

/** Lowest and highest chunk type a chunk-type key may name: the optional range, RING excepted (docs/schemas.md). */
export const SCHEMA_CHUNK_TYPE_MIN = 0x8000;
export const SCHEMA_CHUNK_TYPE_MAX = 0xfffe;
/** Most entries one mapping holds. */
export const MAX_SCHEMA_ENTRIES = 256;

export const SCHEMA_MAPPING_FILE = '.vmbstate-schemas.json';

/** `vsp`, `lib`, or a chunk type `0x8000`–`0xFFFE` other than RING (hex with 0x, or decimal). */
export function parseSchemaKey(word: string, where = 'schema key'): SchemaKey {
  const w = word.trim();
  if (w === 'vsp' || w === 'lib') return w;
  const n = /^0x[0-9a-f]{1,4}$/i.test(w) ? parseInt(w.slice(2), 16) : /^\d{1,5}$/.test(w) ? Number(w) : NaN;
  if (Number.isNaN(n))
    throw new OptionError(`${where} must be "vsp", "lib" or a chunk type such as 0x8123, not ${JSON.stringify(word)}`);
  if (n < SCHEMA_CHUNK_TYPE_MIN || n > SCHEMA_CHUNK_TYPE_MAX || n === CHUNK_TYPES.RING)
    throw new OptionError(
      `${where} ${w}: a schema decodes an optional chunk type 0x8000–0xFFFE other than RING (0x8010), whose payload vmbstate does not lay out`,
    );
  return n;
}

export function formatSchemaKey(k: SchemaKey): string {
  return typeof k === 'number' ? '0x' + k.toString(16).toUpperCase().padStart(4, '0') : k;
}

/** The CLI's `--schema KEY=FILE.ksy` (optionally `KEY=FILE.ksy#type`). */
export function parseSchemaFlag(v: string): SchemaEntry {
  const eq = v.indexOf('=');
  if (eq <= 0 || eq === v.length - 1)
    throw new OptionError(
      `--schema takes KEY=FILE.ksy (KEY: vsp, lib or a chunk type such as 0x8123), not ${JSON.stringify(v)}`,
    );
  const key = parseSchemaKey(v.slice(0, eq), '--schema key');
  const rest = v.slice(eq + 1);
  const hash = rest.lastIndexOf('#');
  const entry: SchemaEntry = { key, file: hash > 0 ? rest.slice(0, hash) : rest, mandatory: false };
  if (hash > 0) entry.type = validateTypeName(rest.slice(hash + 1), '--schema type');
  return entry;
}

function validateTypeName(t: unknown, where: string): string {
  if (typeof t !== 'string' || !/^[a-z][a-z0-9_]*$/.test(t))
    throw new OptionError(`${where} must be a .ksy type id (lower case, digits, _), not ${JSON.stringify(t)}`);
  return t;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const ENTRY_KEYS = new Set(['key', 'file', 'type', 'interfaceType', 'match', 'mandatory']);

/** One entry of `.vmbstate-schemas.json` or of the `vmbstate.schemas.entries` setting; `where` names it in errors. */
export function validateSchemaEntry(v: unknown, where: string): SchemaEntry {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OptionError(`${where} must be an object`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!ENTRY_KEYS.has(k))
      throw new OptionError(`${where}: unknown property ${JSON.stringify(k)} (allowed: ${[...ENTRY_KEYS].join(', ')})`);
  if (typeof o.key !== 'string') throw new OptionError(`${where}.key must be a string: "vsp", "lib" or "0x8123"`);
  const key = parseSchemaKey(o.key, `${where}.key`);
  if (typeof o.file !== 'string' || !o.file.trim()) throw new OptionError(`${where}.file must name a .ksy file`);
  const e: SchemaEntry = { key, file: o.file, mandatory: false };
  if (o.type !== undefined) e.type = validateTypeName(o.type, `${where}.type`);
  if (o.mandatory !== undefined) {
    if (typeof o.mandatory !== 'boolean') throw new OptionError(`${where}.mandatory must be true or false`);
    e.mandatory = o.mandatory;
  }
  if (o.interfaceType !== undefined) {
    const m = typeof o.interfaceType === 'string' ? GUID.exec(o.interfaceType) : null;
    if (!m)
      throw new OptionError(`${where}.interfaceType must be a GUID such as "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"`);
    e.interfaceType = m[1].toLowerCase();
  }
  if (o.match !== undefined) e.match = validateMatch(o.match, `${where}.match`);
  return e;
}

function validateMatch(v: unknown, where: string): SchemaMatch {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new OptionError(`${where} must be an object { "at": N, "size": 1|2|4, "equals": N }`);
  const o = v as Record<string, unknown>;
  const int = (x: unknown, max: number) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
  for (const k of Object.keys(o))
    if (k !== 'at' && k !== 'size' && k !== 'equals')
      throw new OptionError(`${where}: unknown property ${JSON.stringify(k)}`);
  if (!int(o.at, 0xffffffff)) throw new OptionError(`${where}.at must be a byte offset (a whole number from 0)`);
  if (o.size !== 1 && o.size !== 2 && o.size !== 4) throw new OptionError(`${where}.size must be 1, 2 or 4`);
  const max = 2 ** (8 * o.size) - 1;
  if (!int(o.equals, max)) throw new OptionError(`${where}.equals must be a whole number from 0 to ${max}`);
  return { at: o.at as number, size: o.size, equals: o.equals as number };
}

/** The parsed `.vmbstate-schemas.json`: `{ "schemas": [ entry, … ] }`. */
export function parseSchemaMapping(json: string, fileName = SCHEMA_MAPPING_FILE): SchemaEntry[] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new OptionError(`${fileName} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || !Array.isArray((v as { schemas?: unknown }).schemas))
    throw new OptionError(`${fileName} must be an object with a "schemas" array`);
  const list = (v as { schemas: unknown[] }).schemas;
  if (list.length > MAX_SCHEMA_ENTRIES)
    throw new OptionError(`${fileName} has ${list.length} schemas; at most ${MAX_SCHEMA_ENTRIES} are read`);
  return list.map((x, i) => validateSchemaEntry(x, `${fileName}: schemas[${i}]`));
}

/** What selects an entry: the key, the stream's interface type, and the bytes to be decoded. */
export interface SchemaSubject {
  key: SchemaKey;
  interfaceType?: string;
  b: Uint8Array;
  start: number;
  end: number;
}

function matches(m: SchemaMatch, s: SchemaSubject): boolean {
  const at = s.start + m.at;
  if (at + m.size > s.end) return false;
  let v = 0;
  for (let i = m.size - 1; i >= 0; i--) v = v * 256 + s.b[at + i];
  return v === m.equals;
}

/** The first entry, in mapping order, whose key, interface type and match all hold for the subject. */
export function selectSchema(entries: readonly SchemaEntry[], s: SchemaSubject): SchemaEntry | undefined {
  return entries.find(
    (e) =>
      e.key === s.key &&
      (e.interfaceType === undefined || e.interfaceType === s.interfaceType?.toLowerCase()) &&
      (e.match === undefined || matches(e.match, s)),
  );
}
