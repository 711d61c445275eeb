// Public entry of the core library (pure TypeScript: no VS Code, no DOM, no Node built-ins), the
// only module of core that the other layers import (docs/architecture.md); the rest of core/src is
// internal. Node file access is the separate entry core/src/node/files.ts.
export * from './model';
export * from './ntstatus';
export * from './crc32c';
export * from './layout';
export * from './payload';
export * from './payloadRecords';
export * from './diagnostics';
export { inspectChunk, type ChunkInspection, type ChunkIssue, type InspectContext } from './chunkCheck';
export { quickPacket } from './quickCheck';
export { formatGuid, parseGuid, hex, hex64 } from './fieldReader';
export { decodeBinary, decodeCalls, type Buffering, type DecodeOptions, type CallLayout } from './decoder';
export { transientFields } from './chunkFields';
export {
  EmulatedChannel,
  type RestoreCallResult,
  type RestoreFinding,
  type RestorePhase,
  type ExaminedChunk,
  type OperationResult,
} from './emulator/channel';
export type { RestoredState, PendingMessage } from './emulator/restoredState';
export {
  RestoreSession,
  type CallTrace,
  type OpTrace,
  type TraceEntry,
  type RestoreOutcome,
  type RestoreSessionOptions,
} from './emulator/session';
export { analyze, type Analysis } from './analyze';
export { analyzeTextWithoutMap } from './text/withoutMap';
export {
  streamBinaryAnalysis,
  streamBinaryLayout,
  type StreamOptions,
  type StreamSummary,
  type StreamVisitor,
} from './streamAnalysis';
export { runStatus, runShowsTrap, runKind, type RunStatus, type LastCallStatus } from './runStatus';
export {
  toWire,
  wireChunkFields,
  type WireOptions,
  type WireAnalysis,
  type WireCall,
  type WireChunk,
  type WireField,
  type WireItem,
} from './wire';
export { bufferingSetting, describeTextToBinary, type TextToBinaryNote } from './conversion';
export {
  decodeDocument,
  decodeTextDocument,
  decodeUtf8,
  withUtf8Problem,
  isTextFileName,
  schemaDirectivesOf,
  TEXT_EXTENSIONS,
  type DocumentOptions,
} from './document';
// The text form (.vmbhex): flat, and as the namespace `text` for callers that read better with it.
export * from './text';
export * as text from './text';
export { indexAtOffset, itemAtOffset } from './lookup';
export { concatBytes } from './bytes';
export {
  MAX_STREAM_BYTES,
  MAX_TEXT_BYTES,
  MAX_COLLECTED_PROBLEMS,
  MAX_CHUNKS,
  MAX_STEPS,
  MAX_DIRECTIVE_WORDS,
  MAX_SOURCE_SEGMENTS,
  inputLimit,
  formatByteLimit,
  MAX_SCHEMA_BYTES,
  MAX_SCHEMA_NODES,
  SCHEMA_DOCUMENT_MS,
  SCHEMA_COMPILE_MS,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_FIELDS,
  MAX_SCHEMA_ARRAY,
} from './limits';
export { escapeControl, quoteInput } from './escape';
export {
  OptionError,
  BUFFERING_MODES,
  STATUS_PROFILES,
  validateBufferSize,
  validateBuffering,
  parseBufferingWord,
  validateChannelState,
  validateProfile,
  validateFlag,
  describeBuffering,
  type BufferingMode,
} from './runOptions';
export {
  FIX_KINDS,
  FIXES,
  CAUSE_FIX,
  fixKindsFor,
  fixTitle,
  formSupports,
  type FixKind,
  type FixForm,
  type FixKindInfo,
} from './fixes';
export * from './diff';
export {
  generateFailureFixtures,
  cleanRestore,
  NOT_EXPRESSIBLE,
  EXPRESSIBLE_CODES,
  notExpressible,
  ASSERTED_WITHOUT_STATUS,
  notFromRestoreStream,
  type FailureFixture,
  type FailureFixtures,
  type SkippedCode,
} from './mutate';
export {
  exportPlan,
  exportLines,
  identifierStem,
  EXPORT_LANGUAGES,
  type ExportLanguage,
  type ExportPlan,
  type ExportedCall,
} from './export';
export * from './save';
export * from './schema';
