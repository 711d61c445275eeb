// The events a Step Restore session builds from its program and runtime: the announcement once the
// program is loaded (banner, the decoder's first errors, the plan) and the runtime's output, trace
// and outcome as DAP events. The session sends them (and escapes their text) in stepRestoreSession.ts.

import * as path from 'node:path';
import { Event, OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  describeBuffering,
  escapeControl,
  statusHex,
  statusName,
  type RestoreOutcome,
  type SavedStateDocument,
  type TraceEntry,
} from '../../core/src';
import type { ValidLaunch } from './launchConfig';
import { planEvent, traceLines } from './plan';
import { OUTCOME_EVENT, PLAN_EVENT, TRACE_EVENT, type OutcomeEventBody, type TraceEventBody } from './protocol';
import type { OutputInfo } from './runtimeState';
import type { SessionPort } from './sessionPort';

/** The events to send, in order, for the loaded program of `port` (its runtime is set). */
export function launchAnnouncement(
  port: SessionPort,
  launchBuffering: ValidLaunch['buffering'] | undefined,
  uri: string,
): DebugProtocol.Event[] {
  const events: DebugProtocol.Event[] = [];
  const rt = port.runtime!;
  const doc = rt.doc;
  // What the decoder actually used: the validated buffering, or the text form's own calls.
  const buffering = doc.form === 'text' ? 'calls as written' : describeBuffering(launchBuffering);
  events.push(
    new OutputEvent(
      `Step Restore ${escapeControl(path.basename(port.program))}: ${doc.form} form, ${doc.bytes.length} bytes, ${rt.callCount} restore call${rt.callCount === 1 ? '' : 's'} (${buffering}), channel ${doc.channel.state}. Emulator semantics: VmbChannelRestoreFromBuffer as docs/format.md describes it.\n`,
      'console',
    ),
  );
  const errors = doc.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    events.push(
      new OutputEvent(
        `The decoder found ${errors.length} problem${errors.length === 1 ? '' : 's'} before restore (the Problems view lists them all):\n`,
        'console',
      ),
    );
    for (const p of errors.slice(0, 5)) {
      const where = p.text
        ? `line ${p.text.start.line + 1}`
        : p.bytes
          ? `@0x${p.bytes.start.toString(16).toUpperCase()}`
          : '';
      const e = new OutputEvent(
        `    ${where ? where + ' ' : ''}${p.code}: ${escapeControl(p.message)}\n`,
        'console',
      ) as DebugProtocol.OutputEvent;
      if (p.text && doc.form === 'text') {
        e.body.source = port.source();
        e.body.line = port.clientLine(p.text.start.line + 1);
      }
      events.push(e);
    }
    if (errors.length > 5) events.push(new OutputEvent(`    … and ${errors.length - 5} more\n`, 'console'));
  }
  events.push(new Event(PLAN_EVENT, planEvent(doc, uri, port.program)));
  return events;
}

/** A runtime output line; it links to its text line when the document (`form`) is text. */
export function outputEvent(port: SessionPort, form: SavedStateDocument['form'], o: OutputInfo): DebugProtocol.Event {
  const e = new OutputEvent(escapeControl(o.text) + '\n', o.category) as DebugProtocol.OutputEvent;
  if (o.text0 && form === 'text') {
    e.body.source = port.source();
    e.body.line = port.clientLine(o.text0.start.line + 1);
    e.body.column = port.clientColumn(o.text0.start.character + 1);
  }
  return e;
}

/** One step of the restore trace of `doc`, with its first trace line. */
export function traceEvent(
  port: SessionPort,
  uri: string,
  doc: SavedStateDocument,
  entry: TraceEntry,
): DebugProtocol.Event {
  const line = traceLines(doc, entry)[0]?.text ?? '';
  return new Event(TRACE_EVENT, { uri, path: port.program, entry, line } satisfies TraceEventBody);
}

/** How the restore ended. */
export function outcomeEvent(port: SessionPort, uri: string, outcome: RestoreOutcome): DebugProtocol.Event {
  return new Event(OUTCOME_EVENT, {
    uri,
    path: port.program,
    outcome,
    statusName: statusName(outcome.status) ?? statusHex(outcome.status),
    findings: outcome.findings,
  } satisfies OutcomeEventBody);
}
