// Quick fixes, each a WorkspaceEdit on the text that makes its diagnostic go away: recompute a
// CRC, fix PayloadLength, renumber sequences, set or clear FINAL, make a derived field `auto`,
// insert the missing END chunk, correct an `.expect` to the status actually returned, drop
// the explicit option (header value, call argument, channel setting, `.truncate`) at fault, and
// for content findings write the value restore wants (identity, ChannelId, RingGpadlId, GPADL
// State, an optional chunk type) or delete the chunk block restore refuses (duplicate, after FINAL).
// The families live in framingFixes.ts, runFixes.ts and contentFixes.ts; this module maps each
// diagnostic to its fixes and turns them into code actions.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { Problem } from '../../core/src';
import { cmp, type DocContext } from './context';
import { deleteChunkFix, gpadlChannelFix, identityFix, ringGpadlFix, unsupTypeFix } from './contentFixes';
import { SOURCE } from './diagnostics';
import type { Fix } from './fixTargets';
import { autoFieldFix, chunkOptionFix, CHUNK_OPTIONS, crcFix, endChunkFix, finalFix, lengthFix, seqFix } from './framingFixes';
import { callFix, channelFix, expectFix } from './runFixes';

const sameRange = (a: Diagnostic['range'], b: Diagnostic['range']) => cmp(a.start, b.start) === 0 && cmp(a.end, b.end) === 0;

/** The problem a diagnostic was made from (same code and range), else one rebuilt from its data. */
function problemOf(ctx: DocContext, d: Diagnostic): Problem | undefined {
  const hit = ctx.problems.find((p) => p.code === d.code && sameRange(ctx.problemRange(p), d.range));
  if (hit) return hit;
  const data = (d.data ?? {}) as { call?: number; chunk?: number; status?: number; bytes?: { start: number; end: number } };
  if (typeof d.code !== 'string') return undefined;
  return { code: d.code, message: d.message, severity: 'error', text: d.range, ...data };
}

function fixesFor(ctx: DocContext, d: Diagnostic): Fix[] {
  const p = problemOf(ctx, d);
  if (!p) return [];
  const fixes: Fix[] = [];
  switch (p.code) {
    case 'CRC-HEADER':
    case 'CRC-PAYLOAD':
      fixes.push(...crcFix(ctx, p));
      break;
    case 'CRC-STREAM':
    case 'CONTENT-CHUNKCOUNT':
      fixes.push(...autoFieldFix(ctx, p));
      break;
    case 'SEQ-GAP':
    case 'SEQ-DUPLICATE':
    case 'SEQ-FIRST':
      fixes.push(...seqFix(ctx, p));
      break;
    case 'FRAME-FINAL':
      fixes.push(...finalFix(ctx, p));
      break;
    case 'EOF-TRUNCATED':
      fixes.push(...endChunkFix(ctx));
      break;
    case 'EXPECT-MISMATCH':
      fixes.push(...expectFix(ctx, p, d.range));
      break;
    case 'CONTENT-LENGTH':
      fixes.push(...autoFieldFix(ctx, p));
      break;
    case 'ARG-BUFFER':
    case 'ARG-SIZE0':
    case 'SIZE-OVERRUN':
    case 'SIZE-PARTIAL':
    case 'SIZE-HEADER':
      fixes.push(...callFix(ctx, p));
      break;
    case 'ARG-CHANNEL':
    case 'STATE-NOCALLBACKS':
    case 'STATE-ENABLED':
      fixes.push(...channelFix(ctx, p));
      break;
    case 'CONTENT-IDENTITY':
      fixes.push(...identityFix(ctx, p));
      break;
    case 'CONTENT-GPADL-CHANNEL':
      fixes.push(...gpadlChannelFix(ctx, p));
      break;
    case 'CONTENT-RING-GPADL':
      fixes.push(...ringGpadlFix(ctx, p));
      break;
    case 'UNSUP-TYPE':
      fixes.push(...unsupTypeFix(ctx, p));
      break;
    case 'SEQ-AFTER-FINAL':
    case 'CONTENT-GPADL-DUP':
    case 'CONTENT-TXID-DUP':
      fixes.push(...deleteChunkFix(ctx, p));
      break;
  }
  if (CHUNK_OPTIONS[p.code]) fixes.push(...chunkOptionFix(ctx, p, d.range));
  if (!p.code.startsWith('TEXT-') && p.code !== 'EXPECT-MISMATCH') fixes.push(...lengthFix(ctx, p, d.range));
  return fixes;
}

export function codeActions(ctx: DocContext, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.QuickFix.split('.')[0])) return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    for (const f of fixesFor(ctx, d)) {
      const key = f.title + JSON.stringify(f.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: f.preferred ?? false, edit: { changes: { [ctx.uri]: f.edits } } });
    }
  }
  return out;
}
