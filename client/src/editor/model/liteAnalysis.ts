// What a large file's webview gets first (the analysis without field trees) and the fields of one
// chunk, sent on demand when it is opened: the host makes both, the webview's tree (webview/tree.ts)
// fills the fields in.

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
