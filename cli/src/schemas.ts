// `--schema KEY=FILE.ksy` (check, dump, diff): compiles the schemas once before the files are read
// and joins their fields to each decoded document (docs/schemas.md, docs/format.md §8.5).

import { applyUserSchemas, type SavedStateDocument, type SchemaEntry } from '../../core/src';
import { SchemaSet } from '../../core/src/node/schemas';

/** The compiled schemas of a run, and the .ksy files that do not compile. */
export interface CliSchemas {
  entries: SchemaEntry[];
  set: SchemaSet;
  /** One line per .ksy that cannot be used: `FILE: error: [SCHEMA-COMPILE] reason`. */
  failures: { file: string; message: string }[];
}

export async function loadCliSchemas(entries: SchemaEntry[]): Promise<CliSchemas> {
  const set = await SchemaSet.load(entries);
  const failures: { file: string; message: string }[] = [];
  for (const [file, r] of set.results) if (!r.ok) failures.push({ file, message: r.message });
  return { entries, set, failures };
}

/** Decode the user fields of `doc` (a no-op without schemas). */
export function withSchemas(doc: SavedStateDocument, s: CliSchemas | undefined): SavedStateDocument {
  if (s) applyUserSchemas(doc, s.entries, s.set);
  return doc;
}
