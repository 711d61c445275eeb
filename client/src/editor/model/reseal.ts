// Field edits from the chunk tree, resealed: the field's bytes plus the CRCs that cover them
// (payload CRC, header CRC, END's stream CRC), as one undoable edit. Editing a seal itself writes
// exactly the typed value and reseals only what covers that seal. Pure; unit-tested.

import { CHUNK_TYPES, OFF, readHeader } from '../../../../core/src';
import { type ByteEdit, EditError } from './bytes';
import { encodeFieldValue, type FieldTarget } from './fieldValue';
import {
  chunkHolding,
  type ChunkRange,
  EditBuilder,
  endChunk,
  headerLength,
  resealChunk,
  resealHeader,
  resealPayload,
  wantsStreamCrc,
  writeStreamCrc,
} from './seal';

/** What a resealed field edit did: the edit, and the seals it rewrote or could not rewrite. */
export interface ResealedEdit {
  edit: ByteEdit;
  sealed: string[];
  skipped: string[];
}

/** END payload offset of StreamCrc32c. */
const STREAM_CRC_OFF = 8;

/**
 * Write `text` into the field at [f.start, f.end) and reseal the chunk holding it. `chunks` are the
 * stream's chunk ranges (header, payload and padding) in order. Returns undefined when the field
 * already holds the value and every seal is right; throws EditError when the text does not fit
 * the field.
 */
export function editFieldResealed(
  bytes: Uint8Array,
  f: FieldTarget,
  text: string,
  chunks: readonly ChunkRange[],
): ResealedEdit | undefined {
  if (f.end > bytes.length) throw new EditError(`field ${f.name} runs past the end of the file`);
  const data = encodeFieldValue(f.type, f.end - f.start, text);
  const w = new EditBuilder(bytes);
  let sealed: string[] = [];
  const skipped: string[] = [];
  try {
    w.write(f.start, data);
    const c = chunkHolding(w.bytes, chunks, f.start);
    if (c) {
      const at = c.start;
      const hl = headerLength(w.bytes, at);
      const rel = f.start - at;
      const type = readHeader(w.bytes, at).type;
      if (rel === OFF.headerCrc) {
        // The header CRC itself: written as typed; only the stream CRC covers it.
        sealed = resealStreamOnly(w, chunks, at, skipped);
      } else if (rel < hl) {
        const r = resealHeaderAndStream(w, chunks, at, skipped);
        sealed = r;
      } else if (type === CHUNK_TYPES.END && rel - hl === STREAM_CRC_OFF) {
        // StreamCrc32c itself: written as typed; END's payload and header CRC cover it.
        sealed = resealPayloadOnly(w, at, skipped);
      } else {
        const payloadEnd = at + hl + readHeader(w.bytes, at).payloadLength;
        if (f.start < payloadEnd) {
          const r = resealChunk(w, chunks, at, true);
          sealed = r.sealed;
          skipped.push(...r.skipped);
        } else sealed = resealStreamOnly(w, chunks, at, skipped); // padding: only the stream CRC covers it
      }
    }
  } catch (e) {
    w.finish('');
    throw e;
  }
  const label = `Set ${f.name}${sealed.length ? ` (resealed: ${sealed.join(', ')})` : ''}`;
  const edit = w.finish(label, { start: f.start, end: f.end });
  return edit ? { edit, sealed, skipped } : undefined;
}

function resealHeaderAndStream(w: EditBuilder, chunks: readonly ChunkRange[], at: number, skipped: string[]): string[] {
  const r = resealChunk(w, chunks, at, false);
  skipped.push(...r.skipped);
  return r.sealed;
}

function resealPayloadOnly(w: EditBuilder, at: number, skipped: string[]): string[] {
  const before = w.splices.length;
  try {
    resealPayload(w, at);
  } catch (e) {
    if (!(e instanceof EditError)) throw e;
    skipped.push(`payload CRC (${e.message})`);
    resealHeader(w, at);
  }
  return w.splices.length > before ? ['payload CRC', 'header CRC'] : [];
}

function resealStreamOnly(w: EditBuilder, chunks: readonly ChunkRange[], at: number, skipped: string[]): string[] {
  const end = endChunk(w.bytes, chunks);
  if (!end || at >= end.start || !wantsStreamCrc(w.bytes, end.start)) return [];
  const before = w.splices.length;
  try {
    writeStreamCrc(w, chunks, end.start);
  } catch (e) {
    if (!(e instanceof EditError)) throw e;
    skipped.push(`stream CRC (${e.message})`);
  }
  return w.splices.length > before ? ['stream CRC'] : [];
}
