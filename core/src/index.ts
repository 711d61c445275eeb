// Public API of the core library: pure TypeScript, no VS Code dependency.
export * from './model';
export * from './ntstatus';
export * from './crc32c';
export * from './layout';
export * from './payload';
export * from './diagnostics';
export { inspectChunk, type ChunkInspection, type ChunkIssue } from './chunkCheck';
export { formatGuid, parseGuid, hex, hex64 } from './fieldReader';
export { decodeBinary, decodeCalls, type Buffering, type DecodeOptions, type CallLayout } from './decoder';
export { EmulatedChannel, type RestoreCallResult, type RestoreFinding, type RestorePhase, type ExaminedChunk, type OperationResult } from './emulator/channel';
export type { RestoredState } from './emulator/restoredState';
export { RestoreSession, type CallTrace, type OpTrace, type TraceEntry, type RestoreOutcome } from './emulator/session';
export { analyze, type Analysis } from './analyze';
export { toWire, type WireAnalysis, type WireCall, type WireChunk, type WireField, type WireItem } from './wire';
export { decodeDocument, decodeTextDocument, decodeUtf8, isTextFileName, TEXT_EXTENSIONS, type DocumentOptions } from './document';
export * as text from './text';
export { indexAtOffset, itemAtOffset } from './lookup';
export { concatBytes } from './bytes';
export { MAX_STREAM_BYTES, MAX_TEXT_BYTES, MAX_COLLECTED_PROBLEMS, MAX_CHUNKS, MAX_STEPS, MAX_DIRECTIVE_WORDS, MAX_SOURCE_SEGMENTS, inputLimit, formatByteLimit } from './limits';
export { escapeControl, quoteInput } from './escape';
export {
  OptionError, BUFFERING_MODES, STATUS_PROFILES, validateBufferSize, validateBuffering, parseBufferingWord, validateChannelState, validateProfile, validateFlag, describeBuffering, type BufferingMode,
} from './runOptions';
export * from './diff';
