// Writing user-schema fields by name in the text form (docs/format.md §7.7): how each field of a
// .ksy layout is written from an untyped value, and which schema entry a block's lines follow.

import type { SchemaEntry, SchemaKey } from './mapping';
import { ksyLayout, type KsyLayoutField } from './ksyLayout';
import type { SchemaRunner } from './userFields';

/** How an untyped value (`sector_count: 8`, `operation: read`, `text: "…"`) becomes the field's bytes. */
export type KsyFieldWrite =
  | { kind: 'int'; width: 1 | 2 | 4 | 8; signed: boolean; bigEndian: boolean }
  /** `size`: a fixed byte count (padded with `pad`); without it the UTF-8 bytes as they are. */
  | { kind: 'str'; size?: number; pad: number; terminator?: number }
  /** A byte array (`size:` without `type:`) from a quoted string: its UTF-8, as `str` writes it. */
  | { kind: 'bytes'; size?: number; pad: number; terminator?: number }
  /** `contents:`: a quoted string whose UTF-8 is exactly these bytes. */
  | { kind: 'contents'; bytes: readonly number[] }
  /**
   * `b1`…`b64`: `offset` bits after the first bit of its run (consecutive bit-sized fields of the
   * layout, packed from the run's first byte), `run` the layout index of the run's first field.
   */
  | { kind: 'bits'; width: number; bigEndianBits: boolean; run: number; offset: number }
  | { kind: 'float'; width: 4 | 8; bigEndian: boolean }
  /** Cannot be written from an untyped value; `why` says what to write instead. */
  | { kind: 'none'; why: string };

/** The layouts field lines are written by: for a key, the stream's interface type. */
export interface UserFieldLayouts {
  layout(key: SchemaKey, interfaceType: string | undefined): { fields: KsyLayoutField[]; schema: string } | undefined;
}

/**
 * The entry a block's field lines follow: the first entry for the key whose interfaceType holds
 * and that has no `match` (the bytes it tests are still being written), else the first with one.
 */
export function writeEntryFor(
  entries: readonly SchemaEntry[],
  key: SchemaKey,
  interfaceType: string | undefined,
): SchemaEntry | undefined {
  const fits = entries.filter(
    (e) => e.key === key && (!e.interfaceType || e.interfaceType === interfaceType?.toLowerCase()),
  );
  return fits.find((e) => !e.match) ?? fits[0];
}

/** The layouts of a mapping's schemas that can run, computed once per entry. */
export function userFieldLayouts(entries: readonly SchemaEntry[], runner: SchemaRunner): UserFieldLayouts {
  const cache = new Map<SchemaEntry, { fields: KsyLayoutField[]; schema: string } | undefined>();
  return {
    layout(key, interfaceType) {
      const entry = writeEntryFor(entries, key, interfaceType);
      if (!entry) return undefined;
      if (!cache.has(entry)) {
        const ksy = runner.unavailable(entry) === undefined ? runner.spec?.(entry) : undefined;
        const schema = `${entry.file}${entry.type ? `#${entry.type}` : ''}`;
        cache.set(entry, ksy ? { fields: ksyLayout(ksy, entry.type), schema } : undefined);
      }
      return cache.get(entry);
    },
  };
}
