// Bounded problem lists: every list of problems vmbstate builds (text parser, assembler, decoder,
// analysis) keeps at most MAX_COLLECTED_PROBLEMS and counts the rest in one final MORE-PROBLEMS
// finding (docs/format.md §6), so hostile input cannot grow a list without end.

import { MAX_COLLECTED_PROBLEMS } from './limits';
import type { Problem } from './model';

export const MORE_PROBLEMS = 'MORE-PROBLEMS';

/** Collects up to `max` problems; past it only counts them (and how many of them are errors). */
export class ProblemCollector {
  readonly items: Problem[] = [];
  private omitted = 0;
  private omittedErrors = 0;
  private omittedWarnings = 0;
  /** Where the first problem left out was: the MORE-PROBLEMS finding is shown there. */
  private at?: Pick<Problem, 'text' | 'bytes'>;

  constructor(readonly max: number = MAX_COLLECTED_PROBLEMS) {}

  push(p: Problem): void {
    if (p.code === MORE_PROBLEMS && p.omitted) {
      // A list capped earlier: its count joins this one's.
      this.omitted += p.omitted.count;
      this.omittedErrors += p.omitted.errors;
      this.omittedWarnings += p.omitted.warnings;
      this.at ??= where(p);
    } else if (this.items.length < this.max) {
      this.items.push(p);
    } else {
      this.omitted++;
      if (p.severity === 'error') this.omittedErrors++;
      else if (p.severity === 'warning') this.omittedWarnings++;
      this.at ??= where(p);
    }
  }

  pushAll(ps: Iterable<Problem>): void {
    for (const p of ps) this.push(p);
  }

  /** Whether some problem was left out (finish() will end with MORE-PROBLEMS). */
  get overflowed(): boolean {
    return this.omitted > 0;
  }

  /** Whether a further problem would only be counted. */
  get full(): boolean {
    return this.items.length >= this.max;
  }

  /** The kept problems, then one MORE-PROBLEMS finding when any were left out. */
  finish(): Problem[] {
    const more = moreProblems(this.omitted, this.omittedErrors, this.omittedWarnings, this.max);
    return more ? [...this.items, { ...more, ...this.at }] : this.items;
  }
}

const where = (p: Problem): Pick<Problem, 'text' | 'bytes'> => ({
  ...(p.text ? { text: p.text } : {}),
  ...(p.bytes ? { bytes: p.bytes } : {}),
});

/**
 * The finding that stands for `count` problems left out (`errors` and `warnings` of them): as
 * severe as the most severe of them, so a check that would fail still fails.
 */
export function moreProblems(
  count: number,
  errors: number,
  warnings: number,
  max: number = MAX_COLLECTED_PROBLEMS,
): Problem | undefined {
  if (count <= 0) return undefined;
  const what = [
    errors && `${errors} error(s)`,
    warnings && `${warnings} warning(s)`,
    count - errors - warnings && `${count - errors - warnings} information`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    code: MORE_PROBLEMS,
    severity: errors ? 'error' : warnings ? 'warning' : 'info',
    message: `${count} more problem(s) not listed (${what}): at most ${max} problems are collected per document.`,
    omitted: { count, errors, warnings },
  };
}

/** `list` cut to `max` problems (MORE-PROBLEMS entries in it merged into the final count). */
export function capProblems(list: readonly Problem[], max: number = MAX_COLLECTED_PROBLEMS): Problem[] {
  const c = new ProblemCollector(max);
  c.pushAll(list);
  return c.finish();
}
