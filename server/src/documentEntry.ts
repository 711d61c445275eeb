// The analysis cache's (documents.ts) options, and one open document as it tracks it: the version
// wanted, where its analysis lives or runs, and what the pause before the next analysis is based on.

import type { ServerSettings } from '../../protocol/src';
import type { DocContext } from './context';
import type { AnalysisSummary, FeatureResult } from './engine';
import type { PreparedSchemas } from './schemas';
import type { OffsetEdit } from './textChanges';
import type { AnalysisWorker, WorkerPool } from './workerPool';
import type { WorkerLimits } from './workload';

export interface HostOptions {
  /** What sends a document to a worker. */
  limits: WorkerLimits;
  pool: WorkerPool;
  settings: () => ServerSettings;
  /** Text of the open document now, with its version. */
  current: (uri: string) => { version: number; text: string } | undefined;
  /** Whether `line` of the current version kept its number and text since `version` (editLog.ts). */
  lineUntouched?: (uri: string, version: number, line: number) => boolean;
  /** Whether every change since `version` is logged and kept its number of lines (editLog.ts). */
  linesKeptSince?: (uri: string, version: number) => boolean;
  /** The edits that make the current version from `version`, with the current length; undefined when not known. */
  editsSince?: (uri: string, version: number) => { edits: OffsetEdit[]; length: number } | undefined;
  onAnalysis: (s: AnalysisSummary) => void;
  /** The editor's copy of the document will be asked for positions: index its lines now (earlyHover.ts). */
  linesNeeded?: (uri: string) => void;
  log: (message: string) => void;
  /** Routine events (where a document is analysed), for the output channel. */
  info: (message: string) => void;
  /** Resolves once the settings are known; no analysis starts before. */
  ready?: Promise<void>;
  /** The user schemas of a document, compiled in this thread (schemas.ts); none when absent. */
  schemas?: (uri: string, settings: ServerSettings, text: string) => Promise<PreparedSchemas | undefined>;
}

/** Where a version's analysis lives: in this thread, or in a worker. */
export type Analysed = { version: number; ctx?: DocContext; worker?: AnalysisWorker };

export interface Entry {
  uri: string;
  /** Latest version seen (scheduled or analysed). */
  version: number;
  timer?: NodeJS.Timeout;
  /** When the pause before the pending analysis ended, while hovers hold it back (analysisPause.ts hoverHold). */
  pauseEnded?: number;
  /** When a hover was last answered from an earlier version (earlyHover.ts). */
  lastEarlyHover?: number;
  /** Hovers sent to be answered from an earlier version and not answered yet. */
  earlyInFlight?: number;
  running?: { version: number; done: Promise<void> };
  ready?: Analysed;
  /** The version whose analysis failed, and why (features then answer as below). */
  failed?: { version: number; reason: string };
  /** The worker holding this document's analysis, or running it. */
  worker?: AnalysisWorker;
  /** The version `worker` holds once the calls sent to it are done, and the settings it has (JSON). */
  workerHolds?: { version: number; settings: string };
  /** Milliseconds of the last analysis from scratch, and of the last incremental one. */
  lastFullMs: number;
  lastIncrementalMs?: number;
  /** The worker's analysis keeps its decode for the next edit (no user schemas, no U+FFFD). */
  reusable: boolean;
  /** Last version whose diagnostics were published; a dropped analysis redone is not published twice. */
  published: number;
  /** Publish the next analysis even for the same version (settings changed). */
  republish: boolean;
  /** Where the last analysis ran, so a change of place is logged once. */
  where?: string;
  /** The last document symbols answered: shown while the current version's analysis has failed. */
  symbols?: FeatureResult<'symbols'>;
}
