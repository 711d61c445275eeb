// "One root cause, one error" for explicit `.chunk` options (docs/format.md §4): when a `len=`,
// `crc=`, `seq=` or `hcrc=` that differs from the computed value makes its chunk fail, the first
// error names the option and points at it; a `len=` that mis-frames its chunk also takes the
// errors of the chunk read where it ends as related information.

import { hex } from './fieldReader';
import type { ChunkNode, HeaderOverride, Problem, RawNode, SavedStateDocument, TextRange } from './model';
import type { DiagnosticCode } from './diagnostics';

/** The checks each option's field feeds: an error of another check is not the option's doing. */
const CAUSED_BY: Record<HeaderOverride['option'], (code: DiagnosticCode) => boolean> = {
  // A wrong length frames the payload short or long: the length, framing, padding and CRC checks
  // see it, and so do the record's own field checks when the CRC was made to match.
  len: (c) =>
    /^(FRAME-LENGTH|SIZE-PARTIAL|FRAME-PADDING|CRC-PAYLOAD|CONTENT-(LENGTH|RESERVED|ENUM|LIMIT|OPEN-STATE|GPA-RANGE|MESSAGE-SIZE)|VER-VMBUS|UNSUP-END-FLAGS)$/.test(
      c,
    ),
  crc: (c) => c === 'CRC-PAYLOAD',
  hcrc: (c) => c === 'CRC-HEADER',
  seq: (c) => c === 'SEQ-FIRST' || c === 'SEQ-GAP' || c === 'SEQ-DUPLICATE',
};

/** `len=40` as the option would be written (numbers as the disassembly writes them). */
export function optionText(o: Pick<HeaderOverride, 'option' | 'value'>): string {
  return `${o.option}=${o.option === 'crc' || o.option === 'hcrc' ? hex(o.value, 8) : o.value}`;
}

/**
 * Why the option is wrong, in words. A wrong length shows only indirectly (as a CRC or framing
 * error), so it is spelled out: "`len=40` sets PayloadLength to 40 but the payload is 56 bytes".
 * The CRC and sequence checks already print the value the option set and the one expected, so
 * for them naming the option is enough: "explicit `crc=0x12345678`".
 */
export function overrideCause(o: HeaderOverride): string {
  if (o.option === 'len')
    return `\`${optionText(o)}\` sets PayloadLength to ${o.value} but the payload is ${o.computed} bytes`;
  return `explicit \`${optionText(o)}\``;
}

const sameRange = (a: TextRange | undefined, b: TextRange) =>
  !!a &&
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

/** Name the causes in the message, point at the first option, and keep where the check failed as related information. */
function blame(p: Problem, causes: HeaderOverride[], lead = ''): void {
  const text = causes.map(overrideCause).join('; ') + lead;
  p.message = `${text.charAt(0).toUpperCase()}${text.slice(1)}: ${p.message}`;
  if (sameRange(p.text, causes[0].text)) return;
  const where = {
    message: `Where ${p.code} is found`,
    ...(p.bytes ? { bytes: p.bytes } : {}),
    ...(p.text ? { text: p.text } : {}),
  };
  p.text = causes[0].text;
  p.related = [where, ...(p.related ?? [])];
}

/** The item read right after a chunk in its call (where its framing ended), if any. Items are in byte order: binary search. */
function nextItem(doc: SavedStateDocument, c: ChunkNode): ChunkNode | RawNode | undefined {
  const items = doc.calls[c.call]?.items ?? [];
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].bytes.start < c.bytes.end) lo = mid + 1;
    else hi = mid;
  }
  const it = items[lo];
  return it && it.bytes.start === c.bytes.end && it !== c ? it : undefined;
}

/**
 * Apply the rule to the problems left after the per-chunk fold (each chunk has at most one error
 * with a check rank: `isRoot`). Returns the list without the problems folded into another. Linear.
 */
export function blameHeaderOverrides(
  doc: SavedStateDocument,
  problems: Problem[],
  isRoot: (p: Problem) => boolean,
): Problem[] {
  const overrides = doc.headerOverrides;
  if (!overrides?.length) return problems;
  const byChunk = new Map<number, HeaderOverride[]>();
  for (const o of overrides) byChunk.set(o.chunk, [...(byChunk.get(o.chunk) ?? []), o]);
  const rootOf = new Map<number, Problem>();
  // FRAME-MAGIC on bytes that do not frame as a chunk has no chunk: find it by where it starts.
  const unframedAt = new Map<number, Problem>();
  for (const p of problems) {
    if (p.severity !== 'error') continue;
    if (p.chunk !== undefined && isRoot(p)) rootOf.set(p.chunk, p);
    else if (p.chunk === undefined && p.code === 'FRAME-MAGIC' && p.bytes) unframedAt.set(p.bytes.start, p);
  }
  const folded = new Set<Problem>();
  const blamed = new Set<Problem>();
  for (const [chunk, list] of byChunk) {
    const root = rootOf.get(chunk);
    if (root && !blamed.has(root)) {
      const causes = list.filter((o) => CAUSED_BY[o.option](root.code));
      if (causes.length) {
        blame(root, causes);
        blamed.add(root);
      }
    }
    // A len= that disagrees with the payload ends the chunk elsewhere: the next bytes are read as
    // a chunk that was never written there. Its errors are consequences.
    const len = list.find((o) => o.option === 'len');
    const node = doc.chunks[chunk];
    if (!len || !node || !node.complete) continue;
    const next = nextItem(doc, node);
    if (!next) continue;
    const victim = next.kind === 'chunk' ? rootOf.get(next.index) : unframedAt.get(next.bytes.start);
    if (!victim || folded.has(victim) || victim === root) continue;
    const what = next.kind === 'chunk' ? `chunk ${next.index + 1}` : 'the next chunk';
    if (root) {
      root.related = [...(root.related ?? [])];
      root.related.push({
        message: `Also because \`${optionText(len)}\` ends chunk ${chunk + 1} at ${hex(node.bytes.end, 4)}, where ${what} is read (not reported separately): [${victim.code}] ${victim.message}`,
        ...(victim.bytes ? { bytes: victim.bytes } : {}),
        ...(victim.text ? { text: victim.text } : {}),
      });
      folded.add(victim);
    } else if (!blamed.has(victim)) {
      // The mis-framed chunk itself passed (its CRC was made to match): the next one fails first.
      blame(
        victim,
        [len],
        `, so chunk ${chunk + 1} ends at ${hex(node.bytes.end, 4)} and the bytes there are read as ${next.kind === 'chunk' ? `chunk ${next.index + 1}` : 'a chunk'}`,
      );
      blamed.add(victim);
    }
  }
  return folded.size ? problems.filter((p) => !folded.has(p)) : problems;
}
