// The restore trace merged into the problem list entry by entry (docs/format.md §4, "Reporting"):
// analyze() feeds it a whole trace, the streaming pass (streamAnalysis.ts) one call at a time.

import type { Problem, TextRange } from './model';
import { formatStatus } from './ntstatus';
import type { CallTrace, TraceEntry } from './emulator/session';

/** The same finding at the same spot (a restore failure the decoder already reported). */
const spotKey = (p: Problem): string | undefined =>
  p.bytes ? `${p.code} ${p.call} ${p.bytes.start} ${p.bytes.end}` : undefined;

interface RefusalRun {
  first: CallTrace;
  last: CallTrace;
  count: number;
}

export class TraceMerger {
  /** The problems the trace adds, in trace order (they follow the decoder's in the merged list). */
  readonly added: Problem[] = [];
  // Lookups by spot keep the merge linear in the number of calls and problems.
  private readonly bySpot = new Map<string, Problem>();
  /** The current run of calls refused alike: its first and last call and how many (not the calls: a run may span a million). */
  private run?: RefusalRun;
  /** Warnings added while the decoder's list was not known to be capped (streaming only). */
  private tentative?: Set<Problem>;

  /**
   * `decoderCapped`: whether the decoder's list left problems out (then a restore warning without a
   * decoder twin was one of them); `callText`: a call's text range (text form), for a run of refusals.
   */
  constructor(
    private readonly decoderCapped: () => boolean,
    private readonly callText: (call: number) => TextRange | undefined = () => undefined,
  ) {}

  /** A decoder problem a restore finding at the same spot merges into; indexed before its call's trace. */
  index(p: Problem): void {
    const k = spotKey(p);
    if (k !== undefined && !this.bySpot.has(k)) this.bySpot.set(k, p);
  }

  add(t: TraceEntry): void {
    if (t.kind !== 'call') {
      this.endRun();
      if (t.warning) this.added.push(t.warning);
      return;
    }
    for (const w of t.warnings) {
      const k = spotKey(w);
      // Restore warnings are the decoder's (WARN-OPTIONAL-TYPE) at the same spot; one without a
      // twin was left out of a capped decoder list and is already counted there.
      if (!this.decoderCapped() && (k === undefined || !this.bySpot.has(k))) {
        this.added.push(w);
        this.index(w);
        this.tentative?.add(w);
      }
    }
    const f = t.failure;
    // Calls refused alike one after another (STATE-FAILED after a failure) make one finding.
    if (f && t.refused && !t.expect) {
      if (this.run && this.run.first.failure!.code !== f.code) this.endRun();
      if (this.run) {
        this.run.last = t;
        this.run.count++;
      } else this.run = { first: t, last: t, count: 1 };
      return;
    }
    this.endRun();
    if (!f) return;
    const where = `restore call ${t.call + 1} returns ${formatStatus(t.status)}`;
    const k = spotKey(f);
    const twin = k === undefined ? undefined : this.bySpot.get(k);
    if (twin) {
      twin.status = t.status;
      twin.call = t.call;
      twin.message += ` → ${where}.`;
    } else {
      const p = { ...f, message: `${f.message} → ${where}.` };
      this.added.push(p);
      this.index(p);
    }
  }

  /** Streaming: the decoder's cap is known only at the end; `dropTentative` then undoes the early warnings. */
  trackTentative(): void {
    this.tentative = new Set();
  }

  /** Close the last run of refusals; with `capped` (streaming), drop the warnings a capped decoder list counts. */
  end(capped = false): void {
    this.endRun();
    const tentative = this.tentative;
    if (capped && tentative?.size) {
      const kept = this.added.filter((p) => !tentative.has(p));
      this.added.length = 0;
      this.added.push(...kept);
    }
  }

  private endRun(): void {
    if (this.run) this.added.push(refusals(this.run, this.callText));
    this.run = undefined;
  }
}

/** The finding for a run of calls refused with the same code; a run of one reads as before. */
function refusals(run: RefusalRun, callText: (call: number) => TextRange | undefined): Problem {
  const { first: a, last: z, count } = run;
  const f = a.failure!;
  if (count === 1)
    return { ...f, message: `${f.message} → restore call ${a.call + 1} returns ${formatStatus(a.status)}.` };
  const lastText = callText(z.call);
  return {
    ...f,
    message: `Restore calls ${a.call + 1}–${z.call + 1} (${count} calls) are all refused: ${f.message} → each returns ${formatStatus(a.status)}.`,
    bytes: { start: a.bytes.start, end: z.bytes.end },
    related: [
      {
        message: `The last of these calls (call ${z.call + 1})`,
        bytes: z.bytes,
        ...(lastText ? { text: callKeyword(lastText) } : {}),
      },
    ],
  };
}

/** The `.call` keyword of a call's text (its first line when the call spans several). */
export function callKeyword(t: TextRange): TextRange {
  return {
    start: t.start,
    end: t.start.line === t.end.line ? t.end : { line: t.start.line, character: t.start.character + 5 },
  };
}
