// The features as pure functions of an analysed document, dispatched by name so they run the
// same way in the server's main thread (small documents) and in an analysis worker (large ones).

import {
  Diagnostic,
  DiagnosticSeverity,
  type CodeActionParams,
  type CodeLensParams,
  type DefinitionParams,
  type DocumentHighlightParams,
  type ReferenceParams,
  type CompletionParams,
  type DocumentFormattingParams,
  type DocumentRangeFormattingParams,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type HoverParams,
  type InlayHintParams,
  type SemanticTokensParams,
  type SemanticTokensRangeParams,
} from 'vscode-languageserver';
import { escapeControl, toWire, statusName, formatStatus, STATUS, runStatus, type WireAnalysis } from '../../core/src';
import type { AnalysisChangedParams } from '../../protocol/src';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completion } from './completion';
import type { DocContext } from './context';
import { diagnosticsFor, SOURCE } from './diagnostics';
import { foldingRanges } from './folding';
import { formatting, rangeFormatting } from './formatting';
import { hover } from './hover';
import { inlayHints } from './inlayHints';
import { definition, documentHighlights, references } from './links';
import { semanticTokens } from './semanticTokens';
import { safeActions, safeHover, safeInlayHints, safeSymbols } from './safeText';
import { documentSymbols } from './symbols';

/** What the main thread gets back from every analysis. */
export interface AnalysisSummary {
  uri: string;
  version: number;
  diagnostics: Diagnostic[];
  notification: AnalysisChangedParams;
  durationMs: number;
  /** The version was decoded by reusing the previous one (an edit inside one chunk block). */
  incremental?: boolean;
  /** The next edit can reuse this analysis's decode (it kept its decode state). */
  reusable?: boolean;
}

export function notificationFor(uri: string, a: Pick<WireAnalysis, 'outcome' | 'trace'>): AnalysisChangedParams {
  const last = runStatus(a).lastCall;
  return { uri, outcome: a.outcome, ...(last ? { lastStatus: last } : {}) };
}

export function summarize(ctx: DocContext): AnalysisSummary {
  const outcome = {
    status: ctx.analysis.outcome.status,
    statusName: statusName(ctx.analysis.outcome.status) ?? formatStatus(ctx.analysis.outcome.status),
    findings: ctx.analysis.outcome.findings,
  };
  return {
    uri: ctx.uri,
    version: ctx.version,
    diagnostics: diagnosticsFor(ctx),
    notification: notificationFor(ctx.uri, { outcome, trace: [...ctx.analysis.trace] }),
    durationMs: ctx.durationMs,
    ...(ctx.incremental ? { incremental: true } : {}),
    ...(ctx.decodeState ? { reusable: true } : {}),
  };
}

/**
 * What is published when an analysis did not finish (its worker ran out of memory or stopped):
 * one ANALYSIS-FAILED error at the start of the document, so a failure never looks like a clean
 * document, and an outcome of STATUS_UNSUCCESSFUL (the run's real outcome is unknown).
 */
export function failureSummary(uri: string, version: number, reason: string): AnalysisSummary {
  const at = { line: 0, character: 0 };
  const message = `Analysis failed, so this document's problems are not shown: ${escapeControl(reason)}. It is retried on the next edit.`;
  const status = STATUS.STATUS_UNSUCCESSFUL;
  return {
    uri,
    version,
    diagnostics: [
      Diagnostic.create({ start: at, end: at }, message, DiagnosticSeverity.Error, 'ANALYSIS-FAILED', SOURCE),
    ],
    notification: { uri, outcome: { status, statusName: statusName(status) ?? formatStatus(status), findings: [] } },
    durationMs: 0,
  };
}

/** The analysis as the custom requests send it, with the settings' problem filter and cap. */
export function wireFor(ctx: DocContext): WireAnalysis {
  const w = toWire(ctx.analysis);
  w.problems = ctx.problems.slice(0, ctx.settings.maxProblems);
  return w;
}

/** Every feature a document answers, by name, with the LSP params it takes (the worker dispatches by the same names). */
export const FEATURES = {
  // Results that may quote the input have their control characters escaped (safeText.ts).
  symbols: (ctx: DocContext, _p: DocumentSymbolParams) => safeSymbols(documentSymbols(ctx)),
  hover: (ctx: DocContext, p: HoverParams) => safeHover(hover(ctx, p.position)),
  codeActions: (ctx: DocContext, p: CodeActionParams) => safeActions(codeActions(ctx, p)),
  completion: (ctx: DocContext, p: CompletionParams) => completion(ctx, p),
  semanticTokens: (ctx: DocContext, _p: SemanticTokensParams) => semanticTokens(ctx),
  semanticTokensRange: (ctx: DocContext, p: SemanticTokensRangeParams) => semanticTokens(ctx, p.range),
  folding: (ctx: DocContext, _p: FoldingRangeParams) => foldingRanges(ctx),
  inlayHints: (ctx: DocContext, p: InlayHintParams) => safeInlayHints(inlayHints(ctx, p.range)),
  formatting: (ctx: DocContext, p: DocumentFormattingParams) => formatting(ctx, p.options),
  // Navigation (links.ts, codeLens.ts); `linkSupport` is the client's, added by lsp.ts.
  definition: (ctx: DocContext, p: DefinitionParams & { linkSupport?: boolean }) =>
    definition(ctx, p.position, !!p.linkSupport),
  references: (ctx: DocContext, p: ReferenceParams) => references(ctx, p.position, !!p.context?.includeDeclaration),
  highlights: (ctx: DocContext, p: DocumentHighlightParams) => documentHighlights(ctx, p.position),
  codeLens: (ctx: DocContext, _p: CodeLensParams) => codeLenses(ctx),
  rangeFormatting: (ctx: DocContext, p: DocumentRangeFormattingParams) => rangeFormatting(ctx, p.range, p.options),
  wire: (ctx: DocContext, _p: null) => wireFor(ctx),
  diagnostics: (ctx: DocContext, _p: null) => diagnosticsFor(ctx),
} as const;

export type FeatureName = keyof typeof FEATURES;
export type FeatureParams<K extends FeatureName> = Parameters<(typeof FEATURES)[K]>[1];
export type FeatureResult<K extends FeatureName> = ReturnType<(typeof FEATURES)[K]>;

export function runFeature<K extends FeatureName>(
  ctx: DocContext,
  name: K,
  params: FeatureParams<K>,
): FeatureResult<K> {
  // One call through the union of the table's functions: K picks the matching params and result.
  const f = FEATURES[name] as (c: DocContext, p: FeatureParams<K>) => FeatureResult<K>;
  return f(ctx, params);
}
