// Reads and decodes the file a Step Restore session runs: the binary stream (.vmbstate or any
// other file) or the hex-annotated text form (.vmbhex). Every failure becomes a LoadError with a
// message fit for the user; nothing here throws anything else.

import * as path from 'node:path';
import {
  applyUserSchemas,
  decodeDocument,
  isTextFileName,
  userFieldLayouts,
  type Buffering,
  type ChannelConfig,
  type SavedStateDocument,
  type UserFieldLayouts,
} from '../../core/src';
import { FileAccessError, readInputFile } from '../../core/src/node/files';
import { findSchemaMapping, readSchemaMapping, resolveSchemaPath, SchemaSet } from '../../core/src/node/schemas';

export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

/** How a file is decoded: validated launch attributes (launchConfig.ts). */
export interface DecodeSettings {
  /** Binary files: one chunk per call (undefined), the whole file, or whole chunks packed into buffers of a size. */
  buffering?: Buffering;
  /** Channel configuration for binary files (and text files without `.channel`). */
  channel?: Partial<ChannelConfig>;
  /** Join the fields of the user schemas of the nearest .vmbstate-schemas.json (docs/schemas.md). */
  schemas?: boolean;
}

export type FileReader = (file: string) => Promise<Uint8Array>;

/**
 * Reads a program from disk through the shared guarded reader: a FIFO, a device or a directory is
 * refused before a byte is read, and so is a file above the input limit of its form.
 */
export const readFromDisk: FileReader = async (file) => readInputFile(file, isTextForm(file) ? 'text' : 'binary');

export function isTextForm(file: string): boolean {
  return isTextFileName(file);
}

/** Decode bytes already read; throws LoadError for input that cannot be restored at all. */
export function decodeContent(
  file: string,
  content: Uint8Array,
  settings: DecodeSettings = {},
  userFields?: UserFieldLayouts,
): SavedStateDocument {
  const base = path.basename(file);
  if (content.length === 0) throw new LoadError(`${base} is empty (0 bytes): there is no chunk to restore.`);
  try {
    return decodeDocument(file, content, {
      buffering: settings.buffering ?? 'chunk',
      channel: settings.channel ?? {},
      ...(userFields ? { userFields } : {}),
    });
  } catch (e) {
    throw new LoadError(`Cannot decode ${base}: ${(e as Error).message ?? String(e)}`);
  }
}

/** Read and decode `file`; throws LoadError with a clear message. */
export async function loadDocument(
  file: string | undefined,
  settings: DecodeSettings = {},
  read: FileReader = readFromDisk,
): Promise<SavedStateDocument> {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new LoadError(
      'No "program" in the launch configuration: set it to the .vmbstate or .vmbhex file to restore (for example "${file}").',
    );
  }
  let content: Uint8Array;
  try {
    content = await read(file);
  } catch (e) {
    // The guarded reader's message already names the file and the reason.
    if (e instanceof FileAccessError || e instanceof LoadError) throw new LoadError(`${e.message}.`);
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : ((e as Error).message ?? String(e));
    throw new LoadError(`${file}: cannot read: ${why}.`);
  }
  const doc = decodeContent(file, content, settings);
  if (!settings.schemas) return doc;
  const schemas = await userSchemasOf(doc, file);
  if (!schemas) return doc;
  // A text whose field lines name schema fields (docs/format.md §7.7) assembles differently once the
  // schemas are known: it is decoded again with them, as `check` decodes it.
  const again = isTextForm(file)
    ? decodeContent(file, content, settings, userFieldLayouts(schemas.entries, schemas.set))
    : doc;
  if (schemas.mappingError) again.problems.push(schemas.mappingError);
  applyUserSchemas(again, schemas.entries, schemas.set);
  return again;
}

/**
 * The user schemas of `doc`: its `.schema` directives, then the nearest mapping's entries, compiled;
 * what fails (a mapping or a schema) becomes SCHEMA-* problems, never a load error.
 */
async function userSchemasOf(
  doc: SavedStateDocument,
  file: string,
): Promise<
  | {
      entries: Parameters<typeof applyUserSchemas>[1];
      set: SchemaSet;
      mappingError?: SavedStateDocument['problems'][number];
    }
  | undefined
> {
  const folder = path.dirname(path.resolve(file));
  // A text's `.schema` directives come first (files from its folder), then the mapping file's entries.
  const entries = (doc.schemaDirectives ?? []).map((d) => ({
    ...d.entry,
    file: resolveSchemaPath(d.entry.file, folder),
  }));
  const mapping = findSchemaMapping(folder);
  if (mapping) {
    const read = readSchemaMapping(mapping);
    entries.push(...read.entries);
    if (read.error) {
      const mappingError = { code: 'SCHEMA-MAPPING' as const, severity: 'error' as const, message: read.error };
      return { entries, set: await SchemaSet.load(entries), mappingError };
    }
  }
  return entries.length ? { entries, set: await SchemaSet.load(entries) } : undefined;
}
