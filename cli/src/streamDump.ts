// `check` and `dump` of a binary stream in streaming passes (docs/format.md §8.3, "Streaming passes"):
// each pass decodes and restores call by call and writes what it shows at once, so memory follows
// the largest call and the final report (problems capped, outcome, counts), not the stream.

import {
  defaultChannelConfig,
  formatStatus,
  statusMeaning,
  streamBinaryAnalysis,
  streamBinaryLayout,
  type StreamOptions,
  type StreamSummary,
} from '../../core/src';
import type { CliOptions } from './args';
import type { FileReport } from './check';
import { callLine, callTraceLines, itemLines, problemsLine, traceHead } from './dump';
import { itemJson, outcomeLine, pick } from './dumpJson';
import { location } from './locate';
import { jsonText } from './print';
import { formOf, readInput } from './readInput';

/** Streaming covers a binary stream cut chunk by chunk or by size, without user schemas; the rest is analysed whole. */
export function canStream(file: string, o: CliOptions): boolean {
  return formOf(file) === 'binary' && o.buffering !== 'whole' && !o.loadedSchemas?.perFile.get(file);
}

function streamOptions(o: CliOptions): StreamOptions {
  return { buffering: o.buffering === 'whole' ? undefined : o.buffering, channel: o.channel };
}

/** `check`'s report of a binary stream from one streaming pass. */
export function streamedCheck(file: string, o: CliOptions): FileReport {
  const s = streamBinaryAnalysis(readInput(file), streamOptions(o));
  const problems = s.problems.map((p) => ({ ...p, location: location(file, s, p) }));
  return {
    file,
    form: 'binary',
    outcome: formatStatus(s.outcome.status),
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
  };
}

/** The dump for people (dump.ts renderDump's lines): a framing pass for the counts, one for the calls, one restoring for the trace and the summary. */
export function streamedDump(file: string, o: CliOptions, out: (s: string) => void): void {
  const bytes = readInput(file);
  const opts = streamOptions(o);
  const counts = streamBinaryLayout(bytes, opts);
  out(`${file}: binary form, ${bytes.length} bytes, ${counts.calls} restore call(s), ${counts.chunks} chunk(s)`);
  streamBinaryLayout(bytes, opts, {
    call: (c) => out(callLine(c)),
    item: (it) => {
      for (const l of itemLines(it, o.fields)) out(l);
    },
  });
  out('');
  out(traceHead({ ...defaultChannelConfig(), ...o.channel }));
  const s = streamBinaryAnalysis(bytes, opts, {
    trace: (t, typeName) => {
      for (const l of callTraceLines(t, typeName)) out(l);
    },
  });
  out(`Outcome: ${formatStatus(s.outcome.status)}: ${statusMeaning(s.outcome.status)}`);
  out(problemsLine(file, s.problems));
}

/** Writes lines of a JSON array one element late, so the last one goes without its comma. */
class ElementWriter {
  private prev?: string;
  constructor(private readonly out: (s: string) => void) {}
  add(element: string): void {
    if (this.prev !== undefined) this.out(this.prev + ',');
    this.prev = element;
  }
  /** The last element, and `close` after it. */
  end(close: string): void {
    if (this.prev !== undefined) this.out(this.prev);
    this.prev = undefined;
    this.out(close);
  }
}

/** `dump --json` (dumpJson.ts's lines, NDJSON-friendly): a pass for the calls and the summary, one for the trace. */
export function streamedDumpJson(file: string, o: CliOptions, out: (s: string) => void): void {
  const bytes = readInput(file);
  const opts = streamOptions(o);
  out(`{"form":"binary","size":${bytes.length},`);
  out(`"calls":[`);
  let items: ElementWriter | undefined;
  const s: StreamSummary = streamBinaryAnalysis(bytes, opts, {
    call: (c) => {
      items?.end(']},');
      const head = jsonText(pick(c, ['items']));
      out(`${head.slice(0, -1)},${jsonText('items')}:[`);
      items = new ElementWriter(out);
    },
    item: (it) => items!.add(itemJson(it, o.fields)),
  });
  items?.end(']}');
  out('],');
  const array = (key: string, fill: (w: ElementWriter) => void) => {
    out(`${jsonText(key)}:[`);
    const w = new ElementWriter(out);
    fill(w);
    w.end('],');
  };
  array('steps', (w) => {
    for (let i = 0; i < s.steps; i++) w.add(jsonText({ kind: 'call', call: i }));
  });
  out(`"channel":${jsonText(s.channel)},"stream":${jsonText(s.stream)},`);
  array('problems', (w) => s.problems.forEach((p) => w.add(jsonText(p))));
  // The trace pass restores again; its problems are not collected a second time.
  array('trace', (w) => streamBinaryAnalysis(bytes, { ...opts, maxProblems: 0 }, { trace: (t) => w.add(jsonText(t)) }));
  out(outcomeLine(s.outcome));
}
