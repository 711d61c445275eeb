// Public face of the structural diff (docs/compare.md): diffStreams, its result types, and the
// canonical text rendering `vmbstate textconv` prints for git.
export { diffStreams, type DiffInput } from './diffStreams';
export { canonicalLines } from './canonical';
export type {
  CallComparison,
  CallOutcome,
  ChangeKind,
  DiffOptions,
  DiffRow,
  DiffStop,
  DiffSummary,
  FieldChange,
  RecordRef,
  RowKind,
  SideStop,
  SideSummary,
  StreamDiff,
} from './types';
