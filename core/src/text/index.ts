// Public API of the hex-annotated text form (.vmbhex).
export { assembleText, type AssembledText, type AssembledChunk } from './assembler';
export { decodeText, textRangeForProblem } from './decodeText';
export { disassemble, disassembleInPieces, disassembleLines, type DisassembleOptions } from './disassembler';
export {
  textRangeForBytes,
  byteOffsetAt,
  byteOffsetAtAmong,
  firstSegmentAfter,
  nearestSegment,
  segmentAtByte,
  sourceMapReplaced,
  segmentsInTextOrder,
  type MappedDocument,
} from './sourceMap';
export { LineIndex, comparePositions, unionRange, rangeContains } from './positions';
export { TEXT_CODES, type TextCode } from './textProblems';
export { AUTO_FIELDS, type AutoKind } from './autoFields';
export { LITERAL_PREFIXES } from './literals';
export { MAX_STREAM_BYTES } from './parser';
export { lexLine, type Token, type LexedLine } from './lexer';
export { authoredContent, describeAuthored, isOrAre, type AuthoredContent } from './authored';
export { decodeTextKeeping, decodeTextEdited, type TextDecodeState } from './incremental';
