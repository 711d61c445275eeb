// What converting a `.vmbhex` text to binary keeps and drops (docs/format.md §8.4): the bytes are
// kept; the calls come back only when the binary's buffering cuts the stream the same way; the
// run directives and comments are lost. Pure: the editor's command shows the note this builds.

import type { ByteRange } from './model';
import { decodeBinary, type Buffering, type CallLayout } from './decoder';
import { authoredContent, describeAuthored, isOrAre } from './text/authored';

/** Whether `buffering` cuts chunks of these spans (bytes each chunk spans, per call, in stream order) into exactly these calls. */
export function reproduces(calls: readonly (readonly number[])[], buffering: Buffering): boolean {
  if (calls.some((c) => c.length === 0)) return false;
  if (buffering === 'whole') return calls.length <= 1;
  if (buffering === 'chunk') return calls.every((c) => c.length === 1);
  return calls.length === 0 || inRange(calls, buffering.size);
}

const sum = (c: readonly number[]) => c.reduce((a, b) => a + b, 0);

/**
 * The buffer sizes N under which packing whole chunks greedily (docs/format.md §4, Binary files:
 * a chunk joins the current buffer while the total stays at most N) gives these calls:
 * N ≥ every call that holds two or more chunks, and N < every call plus the first chunk of the
 * next one. [lo, hi], or undefined when no size does.
 */
function bounds(calls: readonly (readonly number[])[]): [number, number] | undefined {
  let lo = 1;
  let hi = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < calls.length; i++) {
    const s = sum(calls[i]);
    if (calls[i].length > 1) lo = Math.max(lo, s);
    if (i + 1 < calls.length) hi = Math.min(hi, s + calls[i + 1][0] - 1);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function inRange(calls: readonly (readonly number[])[], n: number): boolean {
  const b = bounds(calls);
  return !!b && n >= b[0] && n <= b[1];
}

/**
 * A buffering under which the binary form is cut into exactly these calls, or undefined when
 * none is. Each call is the spans of its chunks (at least one). Preference: `chunk` when every
 * call holds one chunk, `whole` when there is one call, else a byte size: the smallest power of
 * two that works (a size a person would pick), else the smallest size that works.
 */
export function bufferingThatReproduces(calls: readonly (readonly number[])[]): Buffering | undefined {
  if (calls.some((c) => c.length === 0)) return undefined;
  if (calls.every((c) => c.length === 1)) return 'chunk';
  if (calls.length === 1) return 'whole';
  const b = bounds(calls);
  if (!b) return undefined;
  let p = 1;
  while (p < b[0]) p *= 2;
  return { size: p <= b[1] ? p : b[0] };
}

export interface TextToBinaryNote {
  /** One sentence or two, for an information message. */
  message: string;
  /** The buffering in use cuts the binary into the text's calls. */
  keepsCalls: boolean;
  /** When it does not: a buffering that would (undefined when none can). */
  offer?: Buffering;
}

/** "buffering = chunk", "buffering = size, bufferSize = 4096". */
export function bufferingSetting(b: Buffering, prefix = 'vmbstate.binary.'): string {
  return typeof b === 'string'
    ? `${prefix}buffering = ${b}`
    : `${prefix}buffering = size, ${prefix}bufferSize = ${b.size}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The chunk spans of each text call, or undefined when the binary cannot hold these calls under
 * any buffering: a call with `buffer=null` or `size=`, or bytes that do not frame as whole
 * chunks (raw blocks, a partial chunk), or a call boundary inside a chunk as the binary frames it.
 */
function textCallSpans(
  textCalls: readonly CallLayout[],
  items: readonly { kind: string; bytes: ByteRange; complete?: boolean }[],
): number[][] | undefined {
  const out: number[][] = [];
  let i = 0;
  for (const c of textCalls) {
    if (c.bufferNull || (c.size !== undefined && c.size !== c.bytes.end - c.bytes.start)) return undefined;
    const spans: number[] = [];
    while (i < items.length && items[i].bytes.end <= c.bytes.end) {
      const it = items[i++];
      if (it.kind !== 'chunk' || !it.complete || it.bytes.start < c.bytes.start) return undefined;
      spans.push(it.bytes.end - it.bytes.start);
    }
    if (spans.length === 0 || sum(spans) !== c.bytes.end - c.bytes.start) return undefined;
    out.push(spans);
  }
  return i === items.length ? out : undefined;
}

/**
 * What converting this text (assembled into `bytes` laid out as `calls`) to binary keeps and
 * drops, with the binary cut by `buffering` as the editor will cut it:
 * "The binary keeps the bytes only: 2 calls become 5 one-chunk calls under
 * vmbstate.binary.buffering = chunk; 3 .expect, 1 .channel and 12 comment lines are not kept."
 */
export function describeTextToBinary(
  text: string,
  calls: readonly CallLayout[],
  bytes: Uint8Array,
  buffering: Buffering,
  settingPrefix = 'vmbstate.binary.',
): TextToBinaryNote {
  const doc = decodeBinary(bytes, { buffering });
  const binaryCalls = doc.calls;
  const items = binaryCalls.flatMap((c) => c.items);
  const spans = textCallSpans(calls, items);
  const keepsCalls =
    binaryCalls.length === calls.length &&
    binaryCalls.every(
      (c, i) =>
        c.bytes.start === calls[i].bytes.start &&
        c.bytes.end === calls[i].bytes.end &&
        !calls[i].bufferNull &&
        (calls[i].size === undefined || calls[i].size === c.size),
    );
  const lost = describeAuthored(authoredContent(text), ['.call']);
  const lostPart = lost ? `${lost} ${isOrAre(lost)} not kept` : '';
  const setting = bufferingSetting(buffering, settingPrefix);
  const n = calls.length;
  if (keepsCalls) {
    const head = `The binary keeps the bytes, and its ${plural(n, 'call')} come${n === 1 ? 's' : ''} back as written under ${setting}`;
    return { message: `${head}${lostPart ? `; ${lostPart}` : ''}.`, keepsCalls: true };
  }
  const m = binaryCalls.length;
  const became =
    buffering === 'chunk' && binaryCalls.every((c) => c.items.length === 1)
      ? plural(m, 'one-chunk call')
      : plural(m, 'call');
  const offer = spans ? bufferingThatReproduces(spans) : undefined;
  const why = offer
    ? ` (${bufferingSetting(offer, settingPrefix)} would keep them)`
    : spans
      ? ' (no buffering cuts them the same way)'
      : ' (no buffering can: a call has buffer=null or size=, or bytes that are not whole chunks)';
  const message = `The binary keeps the bytes only: ${plural(n, 'call')} become${n === 1 ? 's' : ''} ${became} under ${setting}${why}${lostPart ? `; ${lostPart}` : ''}.`;
  return { message, keepsCalls: false, ...(offer ? { offer } : {}) };
}
