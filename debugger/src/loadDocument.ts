// Reads and decodes the file a Step Restore session runs: the binary stream (.vmbstate or any
// other file) or the hex-annotated text form (.vmbhex). Every failure becomes a LoadError with a
// message fit for the user; nothing here throws anything else.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { decodeDocument, isTextFileName, type Buffering, type ChannelConfig, type ChannelLifecycle, type SavedStateDocument } from '../../core/src';

export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

/** Launch attributes that shape how a file is decoded. */
export interface DecodeSettings {
  /** Binary files: one chunk per call, the whole file, or whole chunks packed into `bufferSize`. */
  buffering?: 'chunk' | 'whole' | 'size';
  bufferSize?: number;
  /** Channel configuration for binary files (and text files without `.channel`). */
  channel?: {
    initialState?: ChannelLifecycle;
    packetCallbacks?: boolean;
    statusProfile?: 'default' | 'vid';
  };
}

export type FileReader = (file: string) => Promise<Uint8Array>;

export const readFromDisk: FileReader = async (file) => new Uint8Array(await fs.readFile(file));

export function isTextForm(file: string): boolean {
  return isTextFileName(file);
}

function bufferingOf(s: DecodeSettings): Buffering {
  const size = s.bufferSize;
  if (typeof size === 'number' && Number.isFinite(size) && size > 0 && s.buffering !== 'chunk' && s.buffering !== 'whole') {
    return { size: Math.floor(size) };
  }
  if (s.buffering === 'size') return { size: 4096 };
  return s.buffering === 'whole' ? 'whole' : 'chunk';
}

function channelOf(s: DecodeSettings): Partial<ChannelConfig> {
  const c = s.channel ?? {};
  const out: Partial<ChannelConfig> = {};
  if (c.initialState) out.state = c.initialState;
  if (typeof c.packetCallbacks === 'boolean') out.packetCallbacks = c.packetCallbacks;
  if (c.statusProfile) out.profile = c.statusProfile;
  return out;
}

/** Decode bytes already read; throws LoadError for input that cannot be restored at all. */
export function decodeContent(file: string, content: Uint8Array, settings: DecodeSettings = {}): SavedStateDocument {
  const base = path.basename(file);
  if (content.length === 0) throw new LoadError(`${base} is empty (0 bytes): there is no chunk to restore.`);
  try {
    return decodeDocument(file, content, { buffering: bufferingOf(settings), channel: channelOf(settings) });
  } catch (e) {
    throw new LoadError(`Cannot decode ${base}: ${(e as Error).message ?? String(e)}`);
  }
}

/** Read and decode `file`; throws LoadError with a clear message. */
export async function loadDocument(file: string | undefined, settings: DecodeSettings = {}, read: FileReader = readFromDisk): Promise<SavedStateDocument> {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new LoadError('No "program" in the launch configuration: set it to the .vmbstate or .vmbhex file to restore (for example "${file}").');
  }
  let content: Uint8Array;
  try {
    content = await read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'the file does not exist'
      : code === 'EISDIR' ? 'it is a directory, not a file'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : (e as Error).message ?? String(e);
    throw new LoadError(`Cannot read ${file}: ${why}.`);
  }
  return decodeContent(file, content, settings);
}
