// Reads and decodes the file a Step Restore session runs: the binary stream (.vmbstate or any
// other file) or the hex-annotated text form (.vmbhex). Every failure becomes a LoadError with a
// message fit for the user; nothing here throws anything else.

import * as path from 'node:path';
import {
  applyUserSchemas,
  decodeDocument,
  isTextFileName,
  type Buffering,
  type ChannelConfig,
  type SavedStateDocument,
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
export function decodeContent(file: string, content: Uint8Array, settings: DecodeSettings = {}): SavedStateDocument {
  const base = path.basename(file);
  if (content.length === 0) throw new LoadError(`${base} is empty (0 bytes): there is no chunk to restore.`);
  try {
    return decodeDocument(file, content, { buffering: settings.buffering ?? 'chunk', channel: settings.channel ?? {} });
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
  if (settings.schemas) await joinUserSchemas(doc, file);
  return doc;
}

/**
 * The user fields of the nearest mapping's schemas, joined to the tree so the Variables view shows
 * them; what fails (a mapping or a schema) becomes SCHEMA-* problems, never a load error.
 */
async function joinUserSchemas(doc: SavedStateDocument, file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  // A text's `.schema` directives come first (files from its folder), then the mapping file's entries.
  const entries = (doc.schemaDirectives ?? []).map((d) => ({
    ...d.entry,
    file: resolveSchemaPath(d.entry.file, folder),
  }));
  const mapping = findSchemaMapping(folder);
  if (mapping) {
    const read = readSchemaMapping(mapping);
    if (read.error) doc.problems.push({ code: 'SCHEMA-MAPPING', severity: 'error', message: read.error });
    entries.push(...read.entries);
  }
  if (entries.length) applyUserSchemas(doc, entries, await SchemaSet.load(entries));
}
