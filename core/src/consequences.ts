// "One root cause, one error": on each chunk only the finding that comes first in the check
// order (docs/format.md §4) is reported as an error; the chunk's later findings are shown as
// related information on it, since restore never gets past the first one.

import { blameHeaderOverrides } from './headerOverrides';
import type { Problem, SavedStateDocument } from './model';
import type { DiagnosticCode } from './diagnostics';

/**
 * Position of each per-chunk check in the §4 order. Codes absent here (ARG-*, STATE-ENABLED/
 * DONE/FAILED, SIZE-OVERRUN, FRAME-MAGIC on unframed bytes, harness and TEXT-* findings) concern
 * a call or the run, not one chunk, and are never folded.
 */
const CHECK_ORDER: Partial<Record<DiagnosticCode, number>> = {
  'SIZE-HEADER': 0,
  'FRAME-MAGIC': 1,
  'VER-MAJOR': 2,
  'CRC-HEADER': 3,
  'FRAME-HSIZE': 4,
  'FRAME-RESERVED': 4,
  'VER-MIXED': 4,
  'FRAME-LENGTH': 4,
  'UNSUP-FLAG': 4,
  'FRAME-FINAL': 4,
  'SIZE-PARTIAL': 5,
  'FRAME-PADDING': 6,
  'CRC-PAYLOAD': 7,
  'SEQ-FIRST': 8,
  'SEQ-GAP': 8,
  'SEQ-DUPLICATE': 8,
  'SEQ-AFTER-FINAL': 8,
  'UNSUP-TYPE': 9,
  'SEQ-ORDER': 9,
  'SEQ-CONTINUATION': 9,
  // Payload content: the record's own fields, then the checks against what was restored before.
  'CONTENT-LENGTH': 10,
  'CONTENT-RESERVED': 10,
  'CONTENT-ENUM': 10,
  'CONTENT-LIMIT': 10,
  'CONTENT-OPEN-STATE': 10,
  'CONTENT-GPA-RANGE': 10,
  'CONTENT-MESSAGE-SIZE': 10,
  'VER-VMBUS': 10,
  'VER-FEATURES': 10,
  'CONTENT-CHANNEL-ID': 10,
  'CONTENT-MONITOR': 10,
  'UNSUP-END-FLAGS': 10,
  'CONTENT-IDENTITY': 11,
  'CONTENT-MONITOR-MISMATCH': 11,
  'CONTENT-GPADL-REVOKED': 11,
  'CONTENT-GPADL-CHANNEL': 11,
  'CONTENT-GPADL-DUP': 11,
  'CONTENT-TXID-DUP': 11,
  'STATE-NOCALLBACKS': 11,
  'RES-LIMIT': 11,
  'CONTENT-CHUNKCOUNT': 11,
  'CRC-STREAM': 11,
  'CONTENT-RING-GPADL': 11,
  'CONTENT-RING-SHAPE': 11,
  'STATE-OPEN-MISMATCH': 11,
};

/** Where `code` falls in the per-chunk check order, or undefined when it is not a per-chunk check. */
export function checkRank(code: DiagnosticCode): number | undefined {
  return CHECK_ORDER[code];
}

/**
 * Fold each chunk's later errors into its first one (lowest check rank; among equals, the one
 * earlier in `problems`), then apply the rule for explicit header options of `doc` (text form:
 * headerOverrides.ts). Returns the list without the folded problems, order kept. Linear.
 */
export function foldConsequences(problems: Problem[], doc?: SavedStateDocument): Problem[] {
  const first = new Map<number, Problem>();
  for (const p of problems) {
    const rank = p.severity === 'error' && p.chunk !== undefined ? checkRank(p.code) : undefined;
    if (rank === undefined) continue;
    const q = first.get(p.chunk!);
    if (!q || rank < checkRank(q.code)!) first.set(p.chunk!, p);
  }
  const out: Problem[] = [];
  // Related lists may be shared with the decoder's problems: each root cause gets its own copy once.
  const copied = new Set<Problem>();
  for (const p of problems) {
    const q =
      p.severity === 'error' && p.chunk !== undefined && checkRank(p.code) !== undefined
        ? first.get(p.chunk)
        : undefined;
    if (!q || q === p) {
      out.push(p);
      continue;
    }
    // A consequence: listed on the root cause with its own location.
    if (!copied.has(q)) {
      q.related = [...(q.related ?? [])];
      copied.add(q);
    }
    q.related!.push({
      message: `Also on this chunk, after ${q.code} (not reported separately): [${p.code}] ${p.message}`,
      ...(p.bytes ? { bytes: p.bytes } : {}),
      ...(p.text ? { text: p.text } : {}),
    });
  }
  return doc
    ? blameHeaderOverrides(doc, out, (p) => checkRank(p.code) !== undefined && first.get(p.chunk!) === p)
    : out;
}
