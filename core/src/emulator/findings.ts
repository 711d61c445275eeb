// What a restore call reports: its findings, the chunks it examined, and the Failure that ends
// a call at its first error (docs/format.md, "Emulated restore").

import type { DiagnosticCode } from '../diagnostics';
import type { ByteRange } from '../model';

export interface RestoreFinding {
  code: DiagnosticCode;
  message: string;
  severity: 'error' | 'warning';
  /** Stream offsets (buffer offset + the call's origin). */
  bytes?: ByteRange;
  related?: { message: string; bytes: ByteRange }[];
}

export interface ExaminedChunk {
  /** Stream offset of the chunk. */
  at: number;
  span: number;
  type: number;
  sequence: number;
  applied: boolean;
}

/** Thrown inside a call at its first error; the call catches it and fails with its finding. */
export class Failure {
  constructor(readonly finding: RestoreFinding) {}
}

/** Ends the call with one error finding (throws Failure). */
export type Stop = (
  code: DiagnosticCode,
  message: string,
  bytes: ByteRange,
  related?: RestoreFinding['related'],
) => never;

export const fieldAt = (at: number, off: number, len: number): ByteRange => ({ start: at + off, end: at + off + len });
