// The fields of the user schema (.ksy) that decodes a chunk type, as completion offers labels:
// in a PACKET block the VspState schema's fields, in a block of a mapped optional type its
// schema's, each with the literal that writes it and its enum values (docs/schemas.md).

import {
  CHUNK_TYPES,
  CHUNK_TYPE_NAMES,
  ksyLayout,
  type KsyLayoutField,
  type SchemaEntry,
  type SchemaKey,
} from '../../core/src';
import type { DocContext } from './context';
import type { LayoutField } from './knowledge';

/** The schema key a `.chunk TYPE` word (upper-cased) decodes with. */
function keyOf(type: string): SchemaKey | undefined {
  if (type === 'PACKET') return 'vsp';
  const named = CHUNK_TYPE_NAMES.find((n) => n === type);
  const n = named ? CHUNK_TYPES[named] : /^0X[0-9A-F]{1,4}$/.test(type) ? parseInt(type.slice(2), 16) : undefined;
  return n !== undefined && n >= 0x8000 ? n : undefined;
}

/** The entry for a key: one without a byte selector first (the bytes are still being written). */
function entryFor(entries: SchemaEntry[], key: SchemaKey, interfaceType: string | undefined): SchemaEntry | undefined {
  const fits = entries.filter((e) => e.key === key && (!e.interfaceType || e.interfaceType === interfaceType));
  return fits.find((e) => !e.match) ?? fits[0];
}

function sample(f: KsyLayoutField): string {
  if (f.literal === 'zero') return String(f.size ?? 1);
  if (f.literal === 'utf8') return '""';
  if (f.literal === 'bytes') return '';
  const first = f.values && Object.keys(f.values)[0];
  return first ?? '0';
}

export function userLayoutFields(ctx: DocContext, type: string | undefined): LayoutField[] {
  const s = ctx.userSchemas;
  const key = type ? keyOf(type) : undefined;
  if (!s?.set.spec || key === undefined) return [];
  const begin = ctx.doc.chunks.find((c) => c.header?.type === CHUNK_TYPES.BEGIN);
  const guid = begin?.payloadFields.find((f) => f.name === 'InterfaceType')?.value;
  const entry = entryFor(s.entries, key, typeof guid === 'string' ? guid : ctx.doc.channel.interfaceType);
  const ksy = entry && s.set.spec(entry);
  if (!entry || !ksy) return [];
  return ksyLayout(ksy, entry.type).map((f) => ({
    label: f.id,
    type: f.literal,
    sample: sample(f),
    ...(f.values ? { values: f.values } : {}),
    doc: `User schema ${entry.file}${entry.type ? `#${entry.type}` : ''} · .ksy type ${f.ksyType}${f.doc ? `\n\n${f.doc}` : ''}`,
  }));
}
