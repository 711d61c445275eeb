// What a large file's webview gets: first a summary (outcome, problems, the first calls of the
// tree and of the trace), then, when it asks, the whole tree without field trees, and the fields of
// one chunk when it is opened: the host makes all three, the webview's tree (webview/tree.ts) fills
// the fields in.

import { wireChunkFields, type WireAnalysis, type WireField } from '../../../../core/src';

/** Chunk count above which the editor sends the tree without fields and fills a chunk's fields in when it is opened or pointed at. */
export const LITE_CHUNKS = 2000;

/** The analysis without field trees (chunk headers, ranges, problems and trace stay): what a large file's webview gets first. */
export function liteAnalysis(a: WireAnalysis): WireAnalysis & { fieldsOmitted: true } {
  return {
    ...a,
    calls: a.calls.map((c) => ({
      ...c,
      items: c.items.map((i) =>
        i.kind === 'chunk' ? { ...i, headerFields: [], payloadFields: [], fieldsOmitted: undefined } : i,
      ),
    })),
    fieldsOmitted: true,
  };
}

/** Restore calls the summary carries (the tree's first page; the webview opens up to 64 calls at first). */
export const SUMMARY_CALLS = 64;
/** Trace entries the summary carries from the start and from the end (the end decides the outcome). */
export const SUMMARY_TRACE_HEAD = 100;
export const SUMMARY_TRACE_TAIL = 50;

/** What a summary left out: the whole analysis has this many calls and trace entries. */
export interface SummaryOmits {
  calls: number;
  trace: number;
}

/**
 * The first message about a large analysis: outcome, channel, stream and every problem, the first
 * SUMMARY_CALLS calls without field trees, the first and last trace entries, no steps. Small (tens
 * of KB for a 100 MB stream, against 12 MB for the whole tree), so the outcome and the problems show
 * while the webview asks for the rest (`tree`).
 */
export function summaryAnalysis(a: WireAnalysis): WireAnalysis & { fieldsOmitted: true; partial: SummaryOmits } {
  const lite = liteAnalysis({ ...a, calls: a.calls.slice(0, SUMMARY_CALLS) });
  const trace =
    a.trace.length <= SUMMARY_TRACE_HEAD + SUMMARY_TRACE_TAIL
      ? a.trace
      : [...a.trace.slice(0, SUMMARY_TRACE_HEAD), ...a.trace.slice(-SUMMARY_TRACE_TAIL)];
  return { ...lite, steps: [], trace, partial: { calls: a.calls.length, trace: a.trace.length } };
}

/**
 * The fields of one chunk, as the extension sends them on demand: from the analysis, or, when a
 * paged analysis left them out, built from `bytes` (the bytes that analysis was made of).
 */
export function chunkFields(
  a: WireAnalysis,
  chunkIndex: number,
  bytes: Uint8Array,
): { headerFields: WireField[]; payloadFields: WireField[] } | undefined {
  for (const c of a.calls)
    for (const i of c.items) if (i.kind === 'chunk' && i.index === chunkIndex) return wireChunkFields(bytes, i);
  return undefined;
}
