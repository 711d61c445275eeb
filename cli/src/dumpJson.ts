// `vmbstate dump --json`: the analysis as compact JSON written line by line, one call head, chunk,
// trace entry or problem per line, so its size follows what it says and no giant string is built.
// The shape is the wire analysis (core/src/wire.ts) except that a chunk's `headerFields` are left
// out: `header` holds every header value and docs/format.md §2.1 fixes their offsets.

import {
  formatStatus,
  statusName,
  transientFields,
  type Analysis,
  type ChunkNode,
  type RawNode,
  type RestoreOutcome,
} from '../../core/src';
import { jsonText } from './print';

/** Every own key of a node except `skip`, without reading the skipped ones (lazy field trees stay unbuilt). */
export function pick(node: object, skip: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(node)) if (!skip.includes(k)) o[k] = (node as Record<string, unknown>)[k];
  return o;
}

export function itemJson(it: ChunkNode | RawNode, fields: boolean): string {
  if (it.kind === 'raw') return jsonText(it);
  const o = pick(it, ['headerFields', 'payloadFields']);
  if (fields) o.payloadFields = transientFields(it, 'payloadFields');
  return jsonText(o);
}

/** `before"key":[`, then each element on its own line (comma-separated), then `]` plus `after`. */
export function* arrayLines(key: string, elements: Iterable<string>, after: string, before = ''): Generator<string> {
  yield `${before}${jsonText(key)}:[`;
  let prev: string | undefined;
  for (const e of elements) {
    if (prev !== undefined) yield prev + ',';
    prev = e;
  }
  if (prev !== undefined) yield prev;
  yield ']' + after;
}

function* map<T>(xs: Iterable<T>, f: (x: T) => string): Generator<string> {
  for (const x of xs) yield f(x);
}

/** The lines of the JSON text; joined with newlines they parse as one object. */
export function* dumpJsonLines(a: Analysis, fields: boolean): Generator<string> {
  const d = a.doc;
  yield `{"form":${jsonText(d.form)},"size":${d.bytes.length},`;
  yield `"calls":[`;
  for (let i = 0; i < d.calls.length; i++) {
    const c = d.calls[i];
    const head = jsonText(pick(c, ['items']));
    yield* arrayLines(
      'items',
      map(c.items, (it) => itemJson(it, fields)),
      '}' + (i + 1 < d.calls.length ? ',' : ''),
      `${head.slice(0, -1)},`,
    );
  }
  yield '],';
  yield* arrayLines(
    'steps',
    map(d.steps, (s) => jsonText(s)),
    ',',
  );
  yield `"channel":${jsonText(d.channel)},"stream":${jsonText(d.stream)},${d.expectEnd ? `"expectEnd":${jsonText(d.expectEnd)},` : ''}`;
  yield* arrayLines(
    'problems',
    map(a.problems, (p) => jsonText(p)),
    ',',
  );
  yield* arrayLines(
    'trace',
    map(a.trace, (t) => jsonText(t)),
    ',',
  );
  // The save side of a fixture (docs/format.md §9.5): each call as it ran, statuses by value.
  if (a.save) {
    yield* arrayLines(
      'saveTrace',
      map(a.save.trace, (t) => jsonText(t)),
      ',',
    );
  }
  yield outcomeLine(a.outcome);
}

/** The last line: the outcome, its status by name too, and the object's closing brace. */
export function outcomeLine(o: RestoreOutcome): string {
  const outcome = {
    status: o.status,
    statusName: statusName(o.status) ?? formatStatus(o.status),
    findings: o.findings,
  };
  return `"outcome":${jsonText(outcome)}}`;
}
