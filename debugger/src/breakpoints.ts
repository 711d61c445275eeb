// Step Restore breakpoints: what a line or function breakpoint names (a call, a chunk, a type, a
// sequence, an offset), how it binds to the document, and its condition, hit count and log message.

import type { SavedStateDocument } from '../../core/src';
import { Expression } from './expression';
import { blockText, lineInRange } from './plan';

export type BreakpointTarget =
  | { kind: 'call'; call: number }
  | { kind: 'item'; call: number; item: number }
  | { kind: 'everyCall' }
  | { kind: 'everyChunk' }
  | { kind: 'type'; typeName: string }
  | { kind: 'chunkNo'; chunk: number }
  | { kind: 'sequence'; sequence: number }
  | { kind: 'offset'; offset: number };

export interface HitCondition {
  op: '==' | '>=' | '>' | '<' | '<=' | '%';
  n: number;
  source: string;
}

export interface RuntimeBreakpoint {
  id: number;
  origin: 'line' | 'function';
  verified: boolean;
  message?: string;
  /** 1-based line requested and the line it was bound to (line breakpoints). */
  requestedLine?: number;
  line?: number;
  /** Function breakpoints: the name as typed. */
  name?: string;
  target?: BreakpointTarget;
  condition?: Expression;
  hitCondition?: HitCondition;
  logMessage?: string;
  hits: number;
}

export interface BreakpointSpec {
  line?: number;
  name?: string;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export function parseHitCondition(s: string): HitCondition | undefined {
  const m = /^\s*(==|=|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(s);
  if (!m) return undefined;
  const op = (m[1] === '=' || !m[1] ? '==' : m[1]) as HitCondition['op'];
  const n = Number(m[2]);
  if (op === '%' && n === 0) return undefined;
  return { op, n, source: s.trim() };
}

export function hitMatches(h: HitCondition, hits: number): boolean {
  switch (h.op) {
    case '==':
      return hits === h.n;
    case '>=':
      return hits >= h.n;
    case '>':
      return hits > h.n;
    case '<':
      return hits < h.n;
    case '<=':
      return hits <= h.n;
    case '%':
      return hits % h.n === 0;
  }
}

/** `GPADL`, `call 3`, `chunk 4`, `seq 2`, `@0x60`, `call`, `chunk`: what a function breakpoint names. */
export function parseFunctionBreakpoint(name: string): BreakpointTarget | string {
  const s = name.trim();
  let m: RegExpExecArray | null;
  if (/^(calls?|\*call)$/i.test(s)) return { kind: 'everyCall' };
  if (/^(chunks?|\*|\*chunk)$/i.test(s)) return { kind: 'everyChunk' };
  if ((m = /^call\s*#?\s*(\d+)$/i.exec(s)))
    return Number(m[1]) >= 1 ? { kind: 'call', call: Number(m[1]) - 1 } : 'Calls count from 1.';
  if ((m = /^chunk\s*#?\s*(\d+)$/i.exec(s)))
    return Number(m[1]) >= 1 ? { kind: 'chunkNo', chunk: Number(m[1]) - 1 } : 'Chunks count from 1.';
  if ((m = /^(?:seq|sequence)\s*[=#]?\s*(0x[0-9a-f]+|\d+)$/i.exec(s)))
    return { kind: 'sequence', sequence: Number(m[1]) };
  if ((m = /^(?:@|offset\s*)(0x[0-9a-f]+|\d+)$/i.exec(s))) return { kind: 'offset', offset: Number(m[1]) };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return { kind: 'type', typeName: s.toUpperCase() };
  if ((m = /^0x([0-9a-f]{1,4})$/i.exec(s)))
    return { kind: 'type', typeName: '0x' + m[1].toUpperCase().padStart(4, '0') };
  return `"${s}" names no chunk: use a chunk type (GPADL, END, …), "call N", "chunk N", "seq N", "@offset", "call" or "chunk".`;
}

/** The session's line and function breakpoints; ids are unique across both kinds. */
export class BreakpointTable {
  private nextBreakpointId = 1;
  private lineBreakpoints: RuntimeBreakpoint[] = [];
  private functionBreakpoints: RuntimeBreakpoint[] = [];

  private makeBreakpoint(origin: RuntimeBreakpoint['origin'], spec: BreakpointSpec): RuntimeBreakpoint {
    const bp: RuntimeBreakpoint = { id: this.nextBreakpointId++, origin, verified: false, hits: 0 };
    const problems: string[] = [];
    if (spec.condition && spec.condition.trim()) {
      try {
        bp.condition = new Expression(spec.condition);
      } catch (e) {
        problems.push(`Condition: ${(e as Error).message}`);
      }
    }
    if (spec.hitCondition && spec.hitCondition.trim()) {
      const h = parseHitCondition(spec.hitCondition);
      if (h) bp.hitCondition = h;
      else problems.push(`Hit count "${spec.hitCondition}": use N, =N, >=N, >N, <N, <=N or %N.`);
    }
    if (spec.logMessage) bp.logMessage = spec.logMessage;
    if (problems.length) bp.message = problems.join(' ');
    return bp;
  }

  /** Line breakpoints for the document's own source; 1-based lines in and out. */
  setLine(doc: SavedStateDocument, specs: BreakpointSpec[]): RuntimeBreakpoint[] {
    this.lineBreakpoints = specs.map((s) => {
      const bp = this.makeBreakpoint('line', s);
      bp.requestedLine = s.line;
      bindLine(doc, bp);
      return bp;
    });
    return this.lineBreakpoints;
  }

  setFunction(specs: BreakpointSpec[]): RuntimeBreakpoint[] {
    this.functionBreakpoints = specs.map((s) => {
      const bp = this.makeBreakpoint('function', s);
      bp.name = s.name ?? '';
      const t = parseFunctionBreakpoint(bp.name);
      if (typeof t === 'string') {
        bp.message = t;
        bp.verified = false;
      } else {
        bp.target = t;
        bp.verified = !bp.message;
      }
      return bp;
    });
    return this.functionBreakpoints;
  }

  get all(): readonly RuntimeBreakpoint[] {
    return [...this.lineBreakpoints, ...this.functionBreakpoints];
  }

  resetHits(): void {
    for (const b of this.all) b.hits = 0;
  }

  /** Bind the line breakpoints again (the document changed); returns those whose line or verification changed. */
  rebind(doc: SavedStateDocument): RuntimeBreakpoint[] {
    const changed: RuntimeBreakpoint[] = [];
    for (const b of this.lineBreakpoints) {
      const before = `${b.verified}:${b.line}`;
      bindLine(doc, b);
      if (`${b.verified}:${b.line}` !== before) changed.push(b);
    }
    return changed;
  }
}

function bindLine(doc: SavedStateDocument, bp: RuntimeBreakpoint): void {
  const bad = bp.message && (bp.message.startsWith('Condition') || bp.message.startsWith('Hit count'));
  const line0 = (bp.requestedLine ?? 1) - 1;
  const r = bindLineToTarget(doc, line0);
  if (typeof r === 'string') {
    bp.verified = false;
    bp.target = undefined;
    bp.line = bp.requestedLine;
    bp.message = bad ? bp.message : r;
    return;
  }
  bp.target = r.target;
  bp.line = r.line0 + 1;
  bp.verified = !bad;
  if (!bad) bp.message = undefined;
}

/** Bind a 0-based line of a text document to a call or chunk; a message when nothing is there. */
export function bindLineToTarget(
  doc: SavedStateDocument,
  line0: number,
): { target: BreakpointTarget; line0: number } | string {
  if (doc.form !== 'text') {
    return 'Binary files have no lines: use a function breakpoint (a chunk type such as GPADL, "call N", "chunk N", "seq N", "@offset") or the exception filters.';
  }
  const runnable = new Set(doc.steps.filter((s) => s.kind === 'call').map((s) => (s as { call: number }).call));
  // Inside a .chunk … .end (or .raw … .endraw) block: that item.
  for (const call of doc.calls) {
    if (!runnable.has(call.index)) continue;
    for (let i = 0; i < call.items.length; i++) {
      const t = blockText(doc, call.items[i]);
      if (t && lineInRange(t, line0))
        return { target: { kind: 'item', call: call.index, item: i }, line0: t.start.line };
    }
  }
  // On a .call line: the whole call.
  for (const call of doc.calls) {
    if (runnable.has(call.index) && call.text && call.text.start.line === line0)
      return { target: { kind: 'call', call: call.index }, line0 };
  }
  // Inside a call's text but between or after its blocks (comments, .expect): the next block of
  // that call, else the call itself.
  for (const call of doc.calls) {
    if (!runnable.has(call.index) || !call.text || !lineInRange(call.text, line0)) continue;
    const i = call.items.findIndex((it) => it.text && it.text.start.line >= line0);
    if (i >= 0) return { target: { kind: 'item', call: call.index, item: i }, line0: call.items[i].text!.start.line };
    return { target: { kind: 'call', call: call.index }, line0: call.text.start.line };
  }
  // Elsewhere (comments, .op, directives): the next call or chunk below.
  let best: { target: BreakpointTarget; line0: number } | undefined;
  const consider = (target: BreakpointTarget, start: number) => {
    if (start >= line0 && (!best || start < best.line0)) best = { target, line0: start };
  };
  for (const call of doc.calls) {
    if (!runnable.has(call.index)) continue;
    if (call.text) consider({ kind: 'call', call: call.index }, call.text.start.line);
    call.items.forEach((it, i) => it.text && consider({ kind: 'item', call: call.index, item: i }, it.text.start.line));
  }
  return best ?? 'No restore call or chunk at or below this line.';
}
