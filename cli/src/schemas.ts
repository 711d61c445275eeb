// User schemas on the command line (docs/format.md §8.10, docs/schemas.md): `--schema KEY=FILE.ksy`
// and a text file's `.schema` directives. Everything is compiled once before the files are
// analysed (the compiler is asynchronous), then joined to each decoded document.

import * as path from 'node:path';
import {
  applyUserSchemas,
  userFieldLayouts,
  type DocumentOptions,
  isTextFileName,
  schemaDirectivesOf,
  type SavedStateDocument,
  type SchemaEntry,
} from '../../core/src';
import { resolveSchemaPath, SchemaSet } from '../../core/src/node/schemas';
import { readTextHead } from './textHead';

/** The compiled schemas of a run, per input file, and the .ksy files that cannot be used. */
export interface CliSchemas {
  /** Each file's entries (its `.schema` directives, then the `--schema` flags) and their runner. */
  perFile: Map<string, { entries: SchemaEntry[]; set: SchemaSet }>;
  /** One per .ksy that cannot be read or does not compile: `FILE: error: [SCHEMA-COMPILE] …`. */
  failures: { file: string; message: string }[];
}

/** The `.schema` entries of each readable text file, files resolved from its folder (unreadable files are reported later). */
export function directiveEntries(files: string[]): Map<string, SchemaEntry[]> {
  const out = new Map<string, SchemaEntry[]>();
  for (const file of files) {
    if (!isTextFileName(file)) continue;
    // Only the head: the directives come before the first call (unreadable files are reported later).
    const text = readTextHead(file);
    if (text === undefined) continue;
    const entries = schemaDirectivesOf(text).map((e) => ({
      ...e,
      file: resolveSchemaPath(e.file, path.dirname(path.resolve(file))),
    }));
    if (entries.length) out.set(file, entries);
  }
  return out;
}

export async function loadCliSchemas(
  files: string[],
  flags: SchemaEntry[],
  directives: Map<string, SchemaEntry[]>,
): Promise<CliSchemas> {
  const perFile = new Map<string, { entries: SchemaEntry[]; set: SchemaSet }>();
  const failures = new Map<string, string>();
  for (const file of files) {
    const entries = [...(directives.get(file) ?? []), ...flags];
    if (!entries.length) continue;
    // Compiles are cached by content: a .ksy named by several files compiles once.
    const set = await SchemaSet.load(entries);
    for (const [ksy, r] of set.results) if (!r.ok) failures.set(ksy, r.message);
    perFile.set(file, { entries, set });
  }
  return { perFile, failures: [...failures].map(([file, message]) => ({ file, message })) };
}

/** The decode options that write `file`'s field lines by user-schema field name (docs/format.md §7.7). */
export function writeOptions(s: CliSchemas | undefined, file: string): Pick<DocumentOptions, 'userFields'> {
  const mine = s?.perFile.get(file);
  return mine ? { userFields: userFieldLayouts(mine.entries, mine.set) } : {};
}

/** Decode the user fields of `doc`, read from `file` (a no-op without schemas). */
export function withSchemas(doc: SavedStateDocument, s: CliSchemas | undefined, file: string): SavedStateDocument {
  const mine = s?.perFile.get(file);
  if (mine) applyUserSchemas(doc, mine.entries, mine.set);
  return doc;
}
