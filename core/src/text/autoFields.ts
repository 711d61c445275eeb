// The payload fields whose value `auto` computes, shared by the assembler (which fills them in)
// and the disassembler (which writes `auto` only where the stored value equals the computed one).

import { CHUNK_TYPES } from '../layout';

export type AutoKind = 'ChunkCount' | 'StreamCrc32c' | 'RangeBufferWords';

/** Label → chunk types where that label may be `auto`. */
export const AUTO_FIELDS: Readonly<Record<AutoKind, readonly number[]>> = {
  // Number of .chunk blocks in the whole file.
  ChunkCount: [CHUNK_TYPES.BEGIN, CHUNK_TYPES.END],
  // CRC-32C over every stream byte before this chunk.
  StreamCrc32c: [CHUNK_TYPES.END],
  // Payload bytes after this field, divided by 8.
  RangeBufferWords: [CHUNK_TYPES.GPADL],
};

export function autoKind(label: string | undefined, chunkType: number): AutoKind | undefined {
  if (!label || !Object.prototype.hasOwnProperty.call(AUTO_FIELDS, label)) return undefined;
  const kind = label as AutoKind;
  return AUTO_FIELDS[kind].includes(chunkType) ? kind : undefined;
}

export const AUTO_HELP = 'auto is allowed for ChunkCount (BEGIN, END), StreamCrc32c (END) and RangeBufferWords (GPADL)';
