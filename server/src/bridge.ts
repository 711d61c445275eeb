// The one place the server touches the core text form for the documents it tracks, so a signature
// change there is a change here only. A text file takes the channel settings when it has no
// `.channel`; files and bytes of the custom requests go through protocol/src/jobs.ts.

import {
  decodeTextDocument as coreDecodeTextDocument,
  decodeTextEdited,
  decodeTextKeeping,
  decodeUtf8,
  type LineIndex,
  type TextDecodeState,
  byteOffsetAt as coreByteOffsetAt,
  textRangeForBytes as coreTextRangeForBytes,
  type ByteRange,
  type SavedStateDocument,
  type TextPosition,
  type TextRange,
  type UserFieldLayouts,
} from '../../core/src';
import { channelOf, type ServerSettings } from '../../protocol/src';

/**
 * A text document the editor holds. Settings give the channel unless the text has a `.channel`
 * directive; a U+FFFD in the text (how editors show invalid UTF-8) is reported as TEXT-ENCODING.
 */
export function decodeTextDocument(
  text: string,
  settings: ServerSettings,
  userFields?: UserFieldLayouts,
): SavedStateDocument {
  const extra = text.includes('\uFFFD') ? decodeUtf8(new TextEncoder().encode(text)).problem : undefined;
  return coreDecodeTextDocument(text, { channel: channelOf(settings), ...(userFields ? { userFields } : {}) }, extra);
}

/**
 * decodeTextDocument, also giving what an edit of this text reuses (core/src/text/incremental.ts);
 * no state for a text with U+FFFD (its TEXT-ENCODING problem is found by a whole-text pass).
 */
export function decodeTextKept(
  text: string,
  settings: ServerSettings,
  userFields?: UserFieldLayouts,
): { doc: SavedStateDocument; state?: TextDecodeState } {
  if (text.includes('\uFFFD')) return { doc: decodeTextDocument(text, settings, userFields) };
  try {
    return decodeTextKeeping(text, channelOf(settings), userFields ? { userFields } : {});
  } catch {
    return { doc: decodeTextDocument(text, settings, userFields) }; // the TEXT-INTERNAL document, as before
  }
}

/**
 * The document of `text` (lines [fromLine, toLine] of `prev`'s text rewritten, the line count kept),
 * reusing `prev`; undefined when it cannot (decode from scratch). `prev` is consumed. The edit
 * must not have brought in a U+FFFD (prev, having a state, had none).
 */
export function decodeTextAfterEdit(
  prev: TextDecodeState,
  text: string,
  lines: LineIndex,
  fromLine: number,
  toLine: number,
): { doc: SavedStateDocument; state: TextDecodeState; changedFrom: number } | undefined {
  try {
    return decodeTextEdited(prev, text, lines, fromLine, toLine, true);
  } catch {
    return undefined;
  }
}

export function textRangeForBytes(doc: SavedStateDocument, r: ByteRange, nearest = false): TextRange | undefined {
  return coreTextRangeForBytes(doc, r, nearest);
}

export function byteOffsetAt(doc: SavedStateDocument, pos: TextPosition, lines?: LineIndex): number | undefined {
  return coreByteOffsetAt(doc, pos, lines);
}
