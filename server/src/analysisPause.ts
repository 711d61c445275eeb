// How long a document waits after an edit before it is analysed: by the expected cost of that
// next analysis (docs/language-server.md, "How it stays responsive"), not by the last one's.

/** Bounds of the pause before an analysis expected to be incremental (an edit inside one chunk block). */
export const MIN_EDIT_PAUSE_MS = 5;
export const MAX_EDIT_PAUSE_MS = 20;
/** The pause before a small document's analysis (under SMALL_TEXT characters). */
export const SMALL_TEXT_PAUSE_MS = 100;
export const SMALL_TEXT = 64 * 1024;
/** Bounds of the pause before a large document's analysis from scratch. */
export const MIN_FULL_PAUSE_MS = 250;
export const MAX_FULL_PAUSE_MS = 1000;

export interface PauseInputs {
  /** Characters of the new version. */
  size: number;
  /**
   * The next analysis can be incremental: a worker holds an earlier version whose decode is kept
   * for edits, and every change since kept its number of lines (what core's incremental decode needs).
   */
  incrementalExpected: boolean;
  /** Milliseconds of the last incremental analysis of this document (undefined: none yet). */
  lastIncrementalMs?: number;
  /** Milliseconds of the last analysis from scratch (0: none yet). */
  lastFullMs: number;
}

/**
 * The pause: a quarter of the last incremental analysis's time (MIN_EDIT_PAUSE_MS when none was
 * timed yet) when the next is expected to be incremental; else 100 ms for a small text and half
 * the last full analysis's time, within 250 ms–1 s, for a large one.
 */
export function analysisPause(p: PauseInputs): number {
  if (p.incrementalExpected)
    return Math.min(MAX_EDIT_PAUSE_MS, Math.max(MIN_EDIT_PAUSE_MS, (p.lastIncrementalMs ?? 0) / 4));
  if (p.size < SMALL_TEXT) return SMALL_TEXT_PAUSE_MS;
  return Math.min(MAX_FULL_PAUSE_MS, Math.max(MIN_FULL_PAUSE_MS, p.lastFullMs / 2));
}

/**
 * Hovers answered from the earlier version while the next waits its pause (earlyHover.ts) hold
 * that analysis back until none came for HOVER_QUIET_MS, at most MAX_HOVER_HOLD_MS past the
 * pause: a hover that reaches a worker while it runs an edit waits for most of it, so a run of
 * hovers is let through first.
 */
export const HOVER_QUIET_MS = 8;
export const MAX_HOVER_HOLD_MS = 40;

/** Milliseconds the analysis still waits for hovers at `now` (0: start it); `lastEarlyHover` is `now` while one is on its way. */
export function hoverHold(now: number, lastEarlyHover: number | undefined, pauseEnded: number): number {
  if (lastEarlyHover === undefined || now - pauseEnded >= MAX_HOVER_HOLD_MS) return 0;
  const quietFor = now - lastEarlyHover;
  if (quietFor >= HOVER_QUIET_MS) return 0;
  return Math.min(HOVER_QUIET_MS - quietFor, MAX_HOVER_HOLD_MS - (now - pauseEnded));
}
