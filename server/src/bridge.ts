// The one place the server touches the core text form for the documents it tracks, so a signature
// change there is a change here only. A text file takes the channel settings when it has no
// `.channel`; files and bytes of the custom requests go through protocol/src/jobs.ts.

import {
  decodeTextDocument as coreDecodeTextDocument,
  decodeUtf8,
  byteOffsetAt as coreByteOffsetAt,
  textRangeForBytes as coreTextRangeForBytes,
  type ByteRange,
  type SavedStateDocument,
  type TextPosition,
  type TextRange,
} from '../../core/src';
import { channelOf, type ServerSettings } from '../../protocol/src';

/**
 * A text document the editor holds. Settings give the channel unless the text has a `.channel`
 * directive; a U+FFFD in the text (how editors show invalid UTF-8) is reported as TEXT-ENCODING.
 */
export function decodeTextDocument(text: string, settings: ServerSettings): SavedStateDocument {
  const extra = text.includes('\uFFFD') ? decodeUtf8(new TextEncoder().encode(text)).problem : undefined;
  return coreDecodeTextDocument(text, { channel: channelOf(settings) }, extra);
}

export function textRangeForBytes(doc: SavedStateDocument, r: ByteRange, nearest = false): TextRange | undefined {
  return coreTextRangeForBytes(doc, r, nearest);
}

export function byteOffsetAt(doc: SavedStateDocument, pos: TextPosition): number | undefined {
  return coreByteOffsetAt(doc, pos);
}
