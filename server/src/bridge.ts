// The one place the server touches the core text form and the document loader, so a signature
// change there is a change here only. Settings reach the decoder here: binary files take the
// buffering and channel settings; a text file the channel settings when it has no `.channel`.

import { decodeDocument, decodeTextDocument as coreDecodeTextDocument, decodeUtf8 } from '../../core/src/document';
import type { CallLayout } from '../../core/src/decoder';
import type { ByteRange, SavedStateDocument, TextPosition, TextRange } from '../../core/src/model';
import { assembleText, byteOffsetAt as coreByteOffsetAt, disassemble as coreDisassemble, textRangeForBytes as coreTextRangeForBytes } from '../../core/src/text';
import { bufferingOf, channelOf, type ServerSettings } from './settings';

/**
 * A text document the editor holds. Settings give the channel unless the text has a `.channel`
 * directive; a U+FFFD in the text (how editors show invalid UTF-8) is reported as TEXT-ENCODING.
 */
export function decodeTextDocument(text: string, settings: ServerSettings): SavedStateDocument {
  const extra = text.includes('\uFFFD') ? decodeUtf8(new TextEncoder().encode(text)).problem : undefined;
  return coreDecodeTextDocument(text, { channel: channelOf(settings) }, extra);
}

/** A file by name and content: `.vmbhex` is the text form, anything else a binary stream. */
export function decodeFile(fileName: string, content: Uint8Array, settings: ServerSettings): SavedStateDocument {
  return decodeDocument(fileName, content, { buffering: bufferingOf(settings), channel: channelOf(settings) });
}

export function disassemble(bytes: Uint8Array, settings: ServerSettings): string {
  return coreDisassemble(bytes, { buffering: bufferingOf(settings) });
}

export interface Assembled {
  bytes: Uint8Array;
  /** The calls as the text lays them out. */
  calls: CallLayout[];
  errors: { message: string; line: number; character: number }[];
}

export function assemble(text: string): Assembled {
  const a = assembleText(text);
  return {
    bytes: a.bytes,
    calls: a.calls,
    errors: a.problems.filter((p) => p.severity === 'error').map((p) => ({ message: `${p.code}: ${p.message}`, line: p.text?.start.line ?? 0, character: p.text?.start.character ?? 0 })),
  };
}

export function textRangeForBytes(doc: SavedStateDocument, r: ByteRange, nearest = false): TextRange | undefined {
  return coreTextRangeForBytes(doc, r, nearest);
}

export function byteOffsetAt(doc: SavedStateDocument, pos: TextPosition): number | undefined {
  return coreByteOffsetAt(doc, pos);
}
