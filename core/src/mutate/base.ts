// The editable form a failure fixture is made from: a clean stream's canonical disassembly cut
// into one block of lines per chunk, grouped into the stream's calls, with the channel's options.
// A mutation edits this form; render() writes it as `.vmbhex` (docs/format.md §8.6).

import { decodeBinary } from '../decoder';
import type { ChannelConfig, ChannelOpName, SavedStateDocument } from '../model';
import { disassembleLines } from '../text/disassembler';

/** One chunk's `.chunk` … `.end` lines (no leading comment), and its type name as the disassembly wrote it. */
export interface Block {
  type: string;
  lines: string[];
}

export type BaseStep =
  | { kind: 'call'; blocks: Block[]; options: string[]; truncate?: number; note?: string }
  | { kind: 'op'; op: ChannelOpName };

export interface FixtureBase {
  /** The `.stream` line. */
  stream: string;
  /** `.channel` options (`key=value`), in a fixed order. */
  channel: string[];
  steps: BaseStep[];
}

/** `.channel` options for the settings that differ from the defaults (the restore needs them). */
function channelOptions(c: ChannelConfig): string[] {
  const o: string[] = [];
  if (c.state !== 'Disabled') o.push(`state=${c.state}`);
  if (c.interfaceType) o.push(`interface={${c.interfaceType}}`);
  if (c.interfaceInstance) o.push(`instance={${c.interfaceInstance}}`);
  if (c.subchannelIndex !== undefined) o.push(`subchannel=${c.subchannelIndex}`);
  if (!c.packetCallbacks) o.push('packetCallbacks=no');
  if (c.handle !== 'valid') o.push(`handle=${c.handle}`);
  if (c.profile !== 'default') o.push(`profile=${c.profile}`);
  if (c.limits?.gpadls !== undefined) o.push(`maxGpadls=${c.limits.gpadls}`);
  if (c.limits?.packets !== undefined) o.push(`maxPackets=${c.limits.packets}`);
  if (c.limits?.messages !== undefined) o.push(`maxMessages=${c.limits.messages}`);
  if (c.trusted !== undefined) o.push(`trusted=${c.trusted ? 'yes' : 'no'}`);
  if (c.monitorId !== undefined) o.push(`monitorId=${c.monitorId}`);
  if (c.expectOpen !== undefined) o.push(`open=${c.expectOpen ? 'yes' : 'no'}`);
  if (c.maxVmbusVersion !== undefined)
    o.push(`maxVmbusVersion=${c.maxVmbusVersion >>> 16}.${c.maxVmbusVersion & 0xffff}`);
  if (c.maxFeatureFlags !== undefined) o.push(`maxFeatureFlags=0x${c.maxFeatureFlags.toString(16).toUpperCase()}`);
  return o;
}

/**
 * The base of a clean document: its bytes disassembled one chunk per block (every header value
 * computed, so blocks can move and options can be added), ChunkCount written as its value
 * rather than `auto` (so adding or removing a chunk does not change it), calls as the document has them.
 */
export function fixtureBase(doc: SavedStateDocument): FixtureBase {
  const lines = Array.from(disassembleLines(doc.bytes, { buffering: 'chunk' }));
  const stream = lines.find((l) => l.startsWith('.stream'))!;
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const l of lines) {
    const m = /^\.chunk (\S+)/.exec(l);
    if (m) current = { type: m[1], lines: [] };
    if (!current) continue;
    current.lines.push(l.replace(/^(\s*ChunkCount: u32:)auto {2}# = (\d+)$/, '$1$2'));
    if (l === '.end') {
      blocks.push(current);
      current = undefined;
    }
  }
  // decodeBinary under `chunk` frames the same chunks as the document (its calls hold whole chunks).
  const framed = decodeBinary(doc.bytes, { buffering: 'chunk' }).chunks;
  const blockAt = new Map(framed.map((c, i) => [c.bytes.start, blocks[i]]));
  const steps: BaseStep[] = doc.steps.map((s) => {
    if (s.kind === 'op') return { kind: 'op', op: s.op };
    const call = doc.calls[s.call];
    const blocksOf = call.items.map((it) => blockAt.get(it.bytes.start)!);
    return { kind: 'call', blocks: blocksOf.map((b) => ({ type: b.type, lines: [...b.lines] })), options: [] };
  });
  return { stream, channel: channelOptions(doc.channel), steps };
}

/** A deep copy a mutation may edit. */
export function cloneBase(b: FixtureBase): FixtureBase {
  return {
    stream: b.stream,
    channel: [...b.channel],
    steps: b.steps.map((s) =>
      s.kind === 'op' ? { ...s } : { ...s, options: [...s.options], blocks: s.blocks.map(cloneBlock) },
    ),
  };
}

export const cloneBlock = (b: Block): Block => ({ type: b.type, lines: [...b.lines] });

/** The calls of a base, in order. */
export function callsOf(b: FixtureBase): Extract<BaseStep, { kind: 'call' }>[] {
  return b.steps.filter((s): s is Extract<BaseStep, { kind: 'call' }> => s.kind === 'call');
}

/** Every block with its call, in stream order. */
export function blocksOf(b: FixtureBase): { block: Block; call: Extract<BaseStep, { kind: 'call' }>; index: number }[] {
  return callsOf(b).flatMap((call) => call.blocks.map((block, index) => ({ block, call, index })));
}

/** Adds header options to a block's `.chunk` line, with a comment saying what changed. */
export function addChunkOptions(block: Block, options: string, comment: string): void {
  block.lines[0] = `${block.lines[0].replace(/\s+#.*$/, '')} ${options}  # mutated: ${comment}`;
}

/** Replaces the chunk type word of a block's `.chunk` line. */
export function setChunkType(block: Block, type: string, comment: string): void {
  block.lines[0] = `${block.lines[0].replace(/^\.chunk \S+/, `.chunk ${type}`).replace(/\s+#.*$/, '')}  # mutated: ${comment}`;
}

const FIELD = (label: string) => new RegExp(`^(\\s*${label.replace(/\./g, '\\.')}: )([a-z0-9]+):(\\S+)(.*)$`);

/** The value of the first field line with this label in the block (numbers only; undefined for `auto` or absent). */
export function fieldValue(block: Block, label: string): bigint | undefined {
  for (const l of block.lines) {
    const m = FIELD(label).exec(l);
    if (m) return /^(0x[0-9a-f]+|\d+)$/i.test(m[3]) ? BigInt(m[3]) : undefined;
  }
  return undefined;
}

/** Sets the first field line with this label to `type:value`; false when the block has no such line. */
export function setField(block: Block, label: string, value: bigint | number, comment: string): boolean {
  for (let i = 0; i < block.lines.length; i++) {
    const m = FIELD(label).exec(block.lines[i]);
    if (!m) continue;
    const v = BigInt(value);
    block.lines[i] =
      `${m[1]}${m[2]}:${v < 4096n ? v.toString() : '0x' + v.toString(16).toUpperCase()}  # mutated: ${comment}`;
    return true;
  }
  return false;
}

/** Appends a field line to a block's payload (before `.end`). */
export function appendField(block: Block, line: string): void {
  block.lines.splice(block.lines.length - 1, 0, line);
}

/** The base as `.vmbhex` text: header comments, `.stream`, `.channel`, then each step, `.expect` lines as given. */
export function render(
  b: FixtureBase,
  header: string[],
  expects: (string | undefined)[] = [],
  expectEnd?: string,
): string {
  const out = [...header.map((h) => (h ? `# ${h}` : '#')), b.stream];
  if (b.channel.length) out.push(`.channel ${b.channel.join(' ')}`);
  let call = 0;
  for (const s of b.steps) {
    out.push('');
    if (s.kind === 'op') {
      out.push(`.op ${s.op}`);
      continue;
    }
    out.push(['.call', ...s.options].join(' ') + (s.note ? `  # mutated: ${s.note}` : ''));
    for (const block of s.blocks) out.push(...block.lines);
    if (s.truncate !== undefined) out.push(`.truncate ${s.truncate}`);
    const e = expects[call++];
    if (e) out.push(e);
  }
  if (expectEnd) out.push('', expectEnd);
  return out.join('\n') + '\n';
}
