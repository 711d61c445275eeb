// The Step Restore view's state, fed by the adapter's custom events (vmbstate.plan, .trace,
// .position, .outcome). No vscode import: the tree provider maps rows to TreeItems, and unit
// tests drive this model directly.

import {
  escapeControl,
  formatStatus,
  STATUS,
  statusMeaning,
  runKind,
  type ByteRange,
  type CallTrace,
  type OpTrace,
  type TraceEntry,
} from '../../../core/src';
import {
  OUTCOME_EVENT,
  PLAN_EVENT,
  POSITION_EVENT,
  REWIND_EVENT,
  TRACE_EVENT,
  WHAT_IF_EVENT,
  type OutcomeEventBody,
  type PlanCall,
  type PlanEventBody,
  type PositionEventBody,
  type RewindEventBody,
  type TraceEventBody,
  type WhatIfEventBody,
} from '../../../debugger/src/protocol';
import { WhatIfSection } from './whatIfSection';
import { callIcon, callOutcome, type RevealArgs, type Row, type RowView } from './traceRows';

const range = (r: ByteRange) => `[${r.start}..${r.end})`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export class TraceModel {
  plan?: PlanEventBody;
  entries: TraceEntry[] = [];
  outcome?: OutcomeEventBody;
  position?: PositionEventBody;
  ended = false;
  /** The session's what-if edits (whatIfSection.ts), shown above the calls. */
  readonly whatIf = new WhatIfSection();

  /** Apply one custom event; returns whether anything changed. */
  apply(event: string, body: unknown): boolean {
    switch (event) {
      case PLAN_EVENT:
        this.plan = body as PlanEventBody;
        this.entries = [];
        this.outcome = undefined;
        this.position = undefined;
        this.ended = false;
        this.whatIf.body = undefined;
        return true;
      case WHAT_IF_EVENT:
        this.whatIf.body = body as WhatIfEventBody;
        return true;
      case TRACE_EVENT:
        this.entries.push((body as TraceEventBody).entry);
        return true;
      case POSITION_EVENT:
        this.position = body as PositionEventBody;
        return true;
      case OUTCOME_EVENT:
        this.outcome = body as OutcomeEventBody;
        return true;
      case REWIND_EVENT:
        // Time travel: the steps after this point have not run (any more).
        this.entries.length = Math.min(this.entries.length, (body as RewindEventBody).steps);
        this.outcome = undefined;
        return true;
      default:
        return false;
    }
  }

  /** The session ended: no position any more, the trace stays. */
  end(): void {
    this.ended = true;
    this.position = undefined;
  }

  get hasTrace(): boolean {
    return this.plan !== undefined;
  }

  callTrace(call: number): CallTrace | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.kind === 'call' && e.call === call) return e;
    }
    return undefined;
  }

  private opTrace(step: number): OpTrace | undefined {
    return this.entries.find((e): e is OpTrace => e.kind === 'op' && e.step === step);
  }

  /** Root rows in step order: channel operations and calls, then the outcome. */
  roots(): Row[] {
    const p = this.plan;
    if (!p) return [];
    const rows: Row[] = [];
    const seen = new Set<number>();
    p.steps.forEach((s, i) => {
      if (s.kind === 'op') rows.push({ id: `op/${i}`, kind: 'op', index: i });
      else if (!seen.has(s.call)) {
        seen.add(s.call);
        rows.push({ id: `call/${s.call}`, kind: 'call', call: s.call });
      }
    });
    if (this.outcome) rows.push({ id: 'outcome', kind: 'outcome' });
    return rows;
  }

  children(row: Row): Row[] {
    const p = this.plan;
    if (!p) return [];
    if (row.kind === 'call') {
      const c = p.calls[row.call!];
      if (!c) return [];
      const out: Row[] = c.items.map((_, i) => ({
        id: `call/${c.call}/item/${i}`,
        kind: 'item' as const,
        call: c.call,
        item: i,
      }));
      if (this.callTrace(c.call)?.failure) out.push({ id: `call/${c.call}/failure`, kind: 'failure', call: c.call });
      return out;
    }
    if (row.kind === 'outcome' && this.outcome)
      return this.outcome.findings.map((_, i) => ({ id: `finding/${i}`, kind: 'finding' as const, index: i }));
    return [];
  }

  parent(row: Row): Row | undefined {
    if (row.kind === 'item' || row.kind === 'failure') return { id: `call/${row.call}`, kind: 'call', call: row.call };
    if (row.kind === 'finding') return { id: 'outcome', kind: 'outcome' };
    return undefined;
  }

  /** The row the debugger is stopped on, for reveal. */
  currentRow(): Row | undefined {
    const pos = this.position;
    const p = this.plan;
    if (!pos || !p || pos.call === undefined) return undefined;
    const call = pos.call - 1;
    if (pos.chunk !== undefined) {
      const item = p.calls[call]?.items.findIndex((i) => i.kind === 'chunk' && i.index === pos.chunk! - 1);
      if (item !== undefined && item >= 0) return { id: `call/${call}/item/${item}`, kind: 'item', call, item };
    }
    return { id: `call/${call}`, kind: 'call', call };
  }

  private reveal(c: PlanCall, item?: number): RevealArgs | undefined {
    const p = this.plan!;
    const it = item !== undefined ? c.items[item] : undefined;
    return {
      uri: p.uri,
      form: p.form,
      bytes: it ? it.bytes : c.bytes,
      ...((it ? it.text : c.text) ? { text: (it ? it.text : c.text)! } : {}),
      call: c.call + 1,
      ...(it && it.kind === 'chunk' && it.index !== undefined ? { chunk: it.index + 1 } : {}),
    };
  }

  /** What a row shows; text that quotes the file (diagnostic messages, findings) has control characters escaped. */
  view(row: Row): RowView {
    const v = this.viewRaw(row);
    return {
      ...v,
      label: escapeControl(v.label),
      ...(v.description !== undefined ? { description: escapeControl(v.description) } : {}),
      ...(v.tooltip !== undefined ? { tooltip: v.tooltip.split('\n').map(escapeControl).join('\n') } : {}),
    };
  }

  private viewRaw(row: Row): RowView {
    const p = this.plan!;
    const cur = this.currentRow();
    switch (row.kind) {
      case 'call': {
        const c = p.calls[row.call!];
        const t = this.callTrace(c.call);
        const chunks = c.items.filter((i) => i.kind === 'chunk').length;
        const o = callOutcome(t?.status);
        // The stack-frame marker is for a call about to run; a call that ran shows how it ended.
        const isCurrent = !t && cur?.kind === 'call' && cur.call === c.call;
        const expect = t?.expect
          ? t.expect.ok
            ? ' · .expect ok'
            : ` · .expect ${formatStatus(t.expect.status)} ✗`
          : '';
        const description = `${range(c.bytes)} ${plural(chunks, 'chunk')}${t ? ` → ${formatStatus(t.status)}` : c.runs ? '' : ' · not called'}${expect}`;
        const tip: string[] = [
          `Restore call ${c.call + 1}: VmbChannelRestoreFromBuffer(Channel, Buffer${c.bufferNull ? ' = NULL' : ''}, BufferSize = ${c.size})`,
          `Bytes ${range(c.bytes)}`,
        ];
        if (t) {
          tip.push(`Returned ${formatStatus(t.status)}: ${statusMeaning(t.status)}`);
          if (t.failure) tip.push(`${t.failure.code}: ${t.failure.message}`);
          tip.push(`Restore ${t.phase}, channel ${t.lifecycle}`);
        } else if (c.expect) {
          tip.push(`.expect ${c.expect.statusName}${c.expect.diag ? ` diag=${c.expect.diag}` : ''}`);
        }
        return {
          label: `call ${c.call + 1}`,
          description,
          tooltip: tip.join('\n'),
          icon: isCurrent
            ? { id: 'debug-stackframe', color: 'debugIcon.stepOverForeground' }
            : callIcon(o, t?.expect ? t.expect.ok : undefined),
          collapsible: c.items.length > 0 || !!t?.failure,
          reveal: this.reveal(c),
          contextValue: `vmbstate.call.${o}`,
        };
      }
      case 'item': {
        const c = p.calls[row.call!];
        const it = c.items[row.item!];
        const t = this.callTrace(c.call);
        const isCurrent = !t && cur?.kind === 'item' && cur.call === c.call && cur.item === row.item;
        const at = `@0x${it.bytes.start.toString(16).toUpperCase()}`;
        const failing = t?.failure?.bytes
          ? t.failure.bytes.start >= it.bytes.start &&
            t.failure.bytes.start < Math.max(it.bytes.end, it.bytes.start + 1)
          : false;
        const examined = it.kind === 'chunk' && it.index !== undefined && !!t?.chunks.includes(it.index);
        const applied = examined && !!t && !t.failure;
        let icon: RowView['icon'] = { id: it.kind === 'raw' ? 'file-binary' : 'symbol-struct' };
        if (isCurrent) icon = { id: 'debug-stackframe', color: 'debugIcon.stepOverForeground' };
        else if (failing) icon = { id: 'error', color: 'testing.iconFailed' };
        else if (applied) icon = { id: 'check', color: 'testing.iconPassed' };
        else if (t && t.failure) icon = { id: 'circle-slash', color: 'debugIcon.breakpointDisabledForeground' };
        const label = it.kind === 'chunk' ? `chunk ${(it.index ?? 0) + 1} ${it.typeName}` : `raw bytes`;
        const seq = it.sequence !== undefined ? `seq ${it.sequence} ` : '';
        const state = failing
          ? ` ✗ ${t!.failure!.code}`
          : applied
            ? ' applied'
            : t && t.failure && examined
              ? ' rolled back'
              : '';
        return {
          label,
          description: `${seq}${at} ${range(it.bytes)}${state}`,
          tooltip: failing ? `${t!.failure!.code}: ${t!.failure!.message}` : undefined,
          icon,
          collapsible: false,
          reveal: this.reveal(c, row.item),
          contextValue: `vmbstate.chunk`,
        };
      }
      case 'failure': {
        const c = p.calls[row.call!];
        const f = this.callTrace(c.call)!.failure!;
        return {
          label: f.code,
          description: f.message,
          tooltip: f.message,
          icon: { id: 'info', color: 'problemsInfoIcon.foreground' },
          collapsible: false,
          reveal: f.bytes
            ? { uri: p.uri, form: p.form, bytes: f.bytes, call: c.call + 1, ...(f.text ? { text: f.text } : {}) }
            : this.reveal(c),
          contextValue: 'vmbstate.failure',
        };
      }
      case 'op': {
        const s = p.steps[row.index!];
        const t = this.opTrace(row.index!);
        const name = s.kind === 'op' ? s.op : '?';
        return {
          label: `.op ${name}`,
          description: t ? t.message : 'not run yet',
          icon: !t
            ? { id: 'settings-gear' }
            : t.ok
              ? { id: 'settings-gear', color: 'testing.iconPassed' }
              : { id: 'warning', color: 'problemsWarningIcon.foreground' },
          collapsible: false,
          ...(s.kind === 'op' && s.text
            ? { reveal: { uri: p.uri, form: p.form, bytes: { start: 0, end: 0 }, text: s.text, call: 0 } }
            : {}),
          contextValue: 'vmbstate.op',
        };
      }
      case 'outcome': {
        const o = this.outcome!;
        const st = o.outcome.status >>> 0;
        const kind = runKind(st);
        const label =
          kind === 'success'
            ? 'restore finished'
            : kind === 'warning'
              ? 'input ended before restore finished'
              : 'restore failed';
        return {
          label,
          description: formatStatus(st),
          tooltip: statusMeaning(st),
          icon:
            st === STATUS.STATUS_SUCCESS
              ? { id: 'pass-filled', color: 'testing.iconPassed' }
              : { id: 'error', color: 'testing.iconFailed' },
          collapsible: o.findings.length > 0,
          contextValue: 'vmbstate.outcome',
        };
      }
      case 'finding': {
        const f = this.outcome!.findings[row.index!];
        return {
          label: f.code,
          description: f.message,
          tooltip: f.message,
          icon: {
            id: f.severity === 'error' ? 'error' : 'info',
            color: f.severity === 'error' ? 'testing.iconFailed' : 'problemsInfoIcon.foreground',
          },
          collapsible: false,
          ...(f.bytes || f.text
            ? {
                reveal: {
                  uri: p.uri,
                  form: p.form,
                  bytes: f.bytes ?? { start: p.size, end: p.size },
                  ...(f.text ? { text: f.text } : {}),
                  call: (f.call ?? 0) + 1,
                },
              }
            : {}),
          contextValue: 'vmbstate.finding',
        };
      }
      default:
        return this.whatIf.view(row);
    }
  }

  /** One line for the view's description: file and how far the run got. */
  summary(): string {
    const p = this.plan;
    if (!p) return '';
    const name = p.path.split(/[\\/]/).pop() ?? p.path;
    const calls = this.entries.filter((e) => e.kind === 'call').length;
    const total = p.calls.filter((c) => c.runs).length;
    const end = this.outcome ? ` · ${formatStatus(this.outcome.outcome.status)}` : '';
    return `${name} · ${calls}/${total} calls${end}`;
  }
}
