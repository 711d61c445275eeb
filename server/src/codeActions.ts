// Quick fixes, each a WorkspaceEdit on the text that makes its diagnostic go away: recompute a
// CRC, fix PayloadLength, renumber sequences, set or clear FINAL, make a derived field `auto`,
// insert the missing END chunk, correct an `.expect` to the status actually returned, drop
// the explicit option (header value, call argument, channel setting, `.truncate`) at fault, and
// for content findings write the value restore wants (identity, ChannelId, RingGpadlId, GPADL
// State, an optional chunk type) or delete the chunk block restore refuses (duplicate, after FINAL).
// The families live in framingFixes.ts, runFixes.ts and contentFixes.ts; this module maps each
// diagnostic to its fixes, as core's fix table says (core/src/fixes.ts), and turns them into code actions.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { fixKindsFor, isDiagnosticCode, type DiagnosticCode, type FixKind, type Problem } from '../../core/src';
import { cmp, type DocContext } from './context';
import { deleteChunkFix, gpadlChannelFix, identityFix, ringGpadlFix, unsupTypeFix } from './contentFixes';
import { SOURCE } from './diagnostics';
import type { Draft, Fix } from './fixTargets';
import {
  autoFieldFix,
  chunkOptionFix,
  CHUNK_OPTIONS,
  crcFix,
  endChunkFix,
  finalFix,
  lengthFix,
  seqFix,
} from './framingFixes';
import { callFix, channelFix, expectFix } from './runFixes';

const sameRange = (a: Diagnostic['range'], b: Diagnostic['range']) =>
  cmp(a.start, b.start) === 0 && cmp(a.end, b.end) === 0;

/** The problem a diagnostic was made from (same code and range), else one rebuilt from its data. */
function problemOf(ctx: DocContext, d: Diagnostic): Problem | undefined {
  const hit = ctx.problems.find((p) => p.code === d.code && sameRange(ctx.problemRange(p), d.range));
  if (hit) return hit;
  const data = (d.data ?? {}) as {
    call?: number;
    chunk?: number;
    status?: number;
    bytes?: { start: number; end: number };
  };
  if (!isDiagnosticCode(d.code)) return undefined;
  return { code: d.code, message: d.message, severity: 'error', text: d.range, ...data };
}

/** Header options per code for the headerDefault kind; hsize= is headerSize, pad= is padding. */
const DEFAULT_OPTIONS = (code: DiagnosticCode) =>
  (CHUNK_OPTIONS[code] ?? []).filter((k) => k !== 'hsize' && k !== 'pad');

/** How the text form renders each fix kind it supports (core/src/fixes.ts FIX_KINDS says which). */
export const TEXT_FIXES: Partial<
  Record<FixKind, (ctx: DocContext, p: Problem, range: Diagnostic['range']) => Draft[]>
> = {
  headerCrc: crcFix,
  payloadCrc: crcFix,
  streamCrc: (ctx, p) => autoFieldFix(ctx, p, 'StreamCrc32c'),
  chunkCount: (ctx, p) => autoFieldFix(ctx, p, 'ChunkCount'),
  rangeBufferWords: (ctx, p) => autoFieldFix(ctx, p, 'RangeBufferWords'),
  payloadLength: lengthFix,
  padding: (ctx, p, range) => chunkOptionFix(ctx, p, range, ['pad']),
  headerDefault: (ctx, p, range) => chunkOptionFix(ctx, p, range, DEFAULT_OPTIONS(p.code)),
  headerSize: (ctx, p, range) => chunkOptionFix(ctx, p, range, ['hsize']),
  renumber: seqFix,
  final: finalFix,
  insertEnd: (ctx) => endChunkFix(ctx),
  expectActual: expectFix,
  callArgument: (ctx, p) => callFix(ctx, p, 'callArgument'),
  untruncate: (ctx, p) => callFix(ctx, p, 'untruncate'),
  channelSetting: channelFix,
  identityChannel: (ctx, p) => identityFix(ctx, p, 'identityChannel'),
  identityBegin: (ctx, p) => identityFix(ctx, p, 'identityBegin'),
  gpadlChannel: gpadlChannelFix,
  ringGpadl: ringGpadlFix,
  optionalType: unsupTypeFix,
  deleteChunk: deleteChunkFix,
};

/** The fixes of one diagnostic: each fix kind the table lists for its code, rendered as text edits. */
export function fixesFor(ctx: DocContext, d: Diagnostic): Fix[] {
  const p = problemOf(ctx, d);
  if (!p) return [];
  return fixKindsFor(p.code, 'text').flatMap((kind) =>
    (TEXT_FIXES[kind]?.(ctx, p, d.range) ?? []).map((f) => ({ kind, ...f })),
  );
}

export function codeActions(ctx: DocContext, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (
    only &&
    !only.some(
      (k) =>
        CodeActionKind.QuickFix === k ||
        CodeActionKind.QuickFix.startsWith(k + '.') ||
        k === CodeActionKind.QuickFix.split('.')[0],
    )
  )
    return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    for (const f of fixesFor(ctx, d)) {
      const key = f.title + JSON.stringify(f.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: f.preferred ?? false,
        edit: { changes: { [ctx.uri]: f.edits } },
      });
    }
  }
  return out;
}
