// Assembles the hex-annotated text form into the byte stream: pass one (parser.ts) reads the
// text into blocks, pass two (here) lays the calls out, encodes each chunk with its computed or
// explicit header values, fills in `auto` fields and records the source map.

import { crc32c } from '../crc32c';
import type { CallLayout } from '../decoder';
import { align8, encodeChunk, framedHeaderSize, headerCrc, HEADER_SIZE } from '../layout';
import type {
  ByteRange,
  ChannelConfig,
  Expectation,
  HeaderOverride,
  Problem,
  SchemaDirective,
  SourceSegment,
  SaveStep,
  Step,
  StreamSettings,
  TextRange,
} from '../model';
import { ByteBuffer } from './byteBuffer';
import { intRange, writeInt } from './numbers';
import { parseProgram, type ParseOptions } from './parser';
import { ProblemCollector } from '../problemCap';
import { comparePositions } from './positions';
import {
  isSpanSegment,
  LineSegment,
  spanSegment,
  type CallDraft,
  type ChunkBlock,
  type ChunkOptions,
  type Piece,
  type Program,
  type RawBlock,
  type TruncateItem,
} from './program';
import { textProblem } from './textProblems';

export interface AssembledChunk {
  bytes: ByteRange;
  /** `.chunk` line through `.end`. */
  text: TextRange;
  /** The `.chunk` line. */
  directive: TextRange;
  type: number;
  /** Explicit len=/crc=/seq=/hcrc= options whose value differs from the computed one. */
  overrides?: Omit<HeaderOverride, 'chunk'>[];
}

export interface AssembledText {
  bytes: Uint8Array;
  calls: CallLayout[];
  steps: Step[];
  /** The save-side calls (`.save-begin`, `.save`, `.save-end`), in text order. */
  saveSteps: SaveStep[];
  channel: ChannelConfig;
  stream: StreamSettings;
  /** Every emitted byte span and the text that produced it, in byte order, without gaps. */
  sourceMap: SourceSegment[];
  chunks: AssembledChunk[];
  expectEnd?: Expectation;
  schemas?: SchemaDirective[];
  /** TEXT-* errors of the text itself. */
  problems: Problem[];
  /** A chunk or step limit stopped the reading (TEXT-LIMIT): the rest of the text was not assembled. */
  stopped?: boolean;
  /** What incremental.ts needs to assemble one chunk block again without the rest of the text. */
  reuse?: AssemblyReuse;
}

export interface AssemblyReuse {
  /** The chunk blocks, in the order they were assembled (the order of `chunks`). */
  blocks: ChunkBlock[];
  /** The program's chunk count (what `ChunkCount: auto` writes). */
  chunkCount: number;
  /** A `.truncate` cut the stream somewhere: chunk ranges and segments no longer follow the blocks. */
  truncated: boolean;
}

/** One chunk block assembled alone, at its place in a stream whose bytes before it are `before`. */
export interface ReassembledChunk {
  bytes: Uint8Array;
  /** Its source segments (stream offsets), header through padding. */
  segments: SourceSegment[];
  chunk: AssembledChunk;
  /** TEXT-* errors assembling it found (`auto` values). */
  problems: Problem[];
}

/**
 * Assemble `block` (its payload is `payload`) as assembleText would at the end of `before`,
 * after a chunk of sequence `prevSeq`, in a program of `chunkCount` chunks.
 */
export function reassembleChunk(
  block: ChunkBlock,
  payload: Uint8Array,
  before: Uint8Array,
  prevSeq: number | undefined,
  chunkCount: number,
  base: Pick<Program, 'channel' | 'stream'>,
): ReassembledChunk {
  const prog: Program = {
    ...{ channel: base.channel, stream: base.stream },
    calls: [],
    steps: [],
    saveSteps: [],
    problems: [],
    stopped: false,
    payloads: payload,
    chunkCount,
  };
  const e = new Emitter(prog);
  return e.only(block, before, prevSeq);
}

/** Header bytes, the option that sets them, and the label their source segment carries. */
const HEADER_MAP: readonly [label: string, start: number, end: number, opt: keyof ChunkOptions | 'type'][] = [
  ['Magic', 0, 4, 'magic'],
  ['HeaderSize', 4, 5, 'hsize'],
  ['VersionMajor', 5, 6, 'version'],
  ['VersionMinor', 6, 7, 'version'],
  ['Reserved0', 7, 8, 'reserved0'],
  ['Type', 8, 10, 'type'],
  ['Flags', 10, 12, 'flags'],
  ['Sequence', 12, 16, 'seq'],
  ['PayloadLength', 16, 20, 'len'],
  ['PayloadCrc32c', 20, 24, 'crc'],
  ['Reserved1', 24, 28, 'reserved1'],
  ['HeaderCrc32c', 28, 32, 'hcrc'],
];

export function assembleText(text: string, opts: ParseOptions = {}): AssembledText {
  const prog = parseProgram(text, opts);
  return new Emitter(prog, opts.maxProblems, opts.sourceMap === false).run();
}

/** The bytes the blocks of `prog` assemble to before any .truncate: chunks as encodeChunk frames them. */
function streamLength(prog: Program): number {
  let n = 0;
  for (const c of prog.calls)
    for (const it of c.items) {
      if (it.kind === 'chunk')
        n += framedHeaderSize(it.opts.hsize?.value ?? HEADER_SIZE) + align8(it.dataEnd - it.dataStart);
      else if (it.kind === 'raw') n += it.dataEnd - it.dataStart;
    }
  return n;
}

class Emitter {
  private readonly out: ByteBuffer;
  private readonly segs: SourceSegment[] = [];
  private readonly chunks: AssembledChunk[] = [];
  private readonly blocks: ChunkBlock[] = [];
  private truncated = false;
  /** only(): the stream's bytes before the block, which `out` (then just the block) follows; not copied. */
  private before?: Uint8Array;
  private readonly problems: ProblemCollector;
  /** The previous `.chunk`'s sequence: the default of the next one (§7.4), to tell an explicit seq= that differs. */
  private lastSeq: number | undefined;

  constructor(
    private readonly prog: Program,
    maxProblems?: number,
    /** Make no source map (ParseOptions.sourceMap false): no header or padding segment either. */
    private readonly noSourceMap = false,
  ) {
    this.problems = new ProblemCollector(maxProblems);
    this.problems.pushAll(prog.problems);
    // Sized to the stream the blocks make (less only after a .truncate): no doubling copies, and
    // run() hands the buffer itself over instead of a copy (a 20 MB stream is not held 3 times).
    this.out = new ByteBuffer(Math.max(4096, streamLength(prog)));
  }

  run(): AssembledText {
    const calls = this.prog.calls.map((c) => this.call(c));
    const p = this.prog;
    return {
      bytes: this.out.take(),
      calls,
      steps: p.steps,
      saveSteps: p.saveSteps,
      channel: p.channel,
      stream: p.stream,
      sourceMap: this.segs,
      chunks: this.chunks,
      ...(p.expectEnd ? { expectEnd: p.expectEnd } : {}),
      ...(p.schemas ? { schemas: p.schemas } : {}),
      problems: this.sortedProblems(),
      ...(p.stopped ? { stopped: true } : {}),
      reuse: { blocks: this.blocks, chunkCount: p.chunkCount, truncated: this.truncated },
    };
  }

  only(b: ChunkBlock, before: Uint8Array, prevSeq: number | undefined): ReassembledChunk {
    this.before = before;
    this.lastSeq = prevSeq;
    this.chunk(b);
    return {
      bytes: this.out.toBytes(),
      segments: this.segs,
      chunk: this.chunks[0],
      problems: this.problems.items,
    };
  }

  /** In text order, as an editor lists them (sort is stable for problems on one spot); MORE-PROBLEMS last. */
  private sortedProblems(): Problem[] {
    this.problems.items.sort((x, y) => comparePositions(x.text!.start, y.text!.start));
    return this.problems.finish();
  }

  private call(c: CallDraft): CallLayout {
    const start = this.out.length;
    for (const item of c.items) {
      if (item.kind === 'chunk') this.chunk(item);
      else if (item.kind === 'raw') this.raw(item);
      else this.truncate(item, start);
    }
    return {
      bytes: { start, end: this.out.length },
      ...(c.bufferNull ? { bufferNull: true } : {}),
      ...(c.size !== undefined ? { size: c.size } : {}),
      ...(c.expect ? { expect: c.expect } : {}),
      text: c.text,
    };
  }

  private seg(start: number, end: number, text: TextRange, label?: string): void {
    if (end > start && !this.noSourceMap) this.segs.push(spanSegment(start, end, text, label));
  }

  /** A block's pieces become its segments: their payload offsets move to stream offsets. */
  private pieces(base: number, pieces: Piece[]): void {
    const segs = this.segs;
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      p.bs += base;
      p.be += base;
      segs.push(p);
    }
  }

  private raw(b: RawBlock): void {
    this.pieces(this.out.length, b.pieces);
    this.out.append(this.prog.payloads.subarray(b.dataStart, b.dataEnd));
  }

  private truncate(t: TruncateItem, callStart: number): void {
    this.truncated = true;
    const have = this.out.length - callStart;
    if (t.count > have) {
      this.problems.push(
        textProblem(
          'TEXT-TRUNCATE',
          `.truncate ${t.count} removes more than the ${have} byte(s) the call holds`,
          t.text,
        ),
      );
    }
    this.cut(Math.max(callStart, this.out.length - t.count));
  }

  /** Shorten the stream to `len` bytes, clipping the source map and the chunk ranges. */
  private cut(len: number): void {
    this.out.truncate(len);
    const s = this.segs;
    while (s.length && s[s.length - 1].bytes.start >= len) s.pop();
    const last = s[s.length - 1];
    if (last && last.bytes.end > len) {
      if (last instanceof LineSegment || isSpanSegment(last)) last.be = len;
      else s[s.length - 1] = { ...last, bytes: { start: last.bytes.start, end: len } };
    }
    for (let i = this.chunks.length - 1; i >= 0 && this.chunks[i].bytes.end > len; i--) {
      const b = this.chunks[i].bytes;
      this.chunks[i].bytes = { start: Math.min(b.start, len), end: len };
    }
  }

  /** The stream offset the next byte goes to. */
  private get at(): number {
    return (this.before?.length ?? 0) + this.out.length;
  }

  private chunk(b: ChunkBlock): void {
    const start = this.at;
    // A view: fillAuto writes into the parser's buffer, which encodeChunk copies.
    const payload = this.prog.payloads.subarray(b.dataStart, b.dataEnd);
    this.fillAuto(b, payload);
    const o = b.opts;
    const bytes = encodeChunk({
      type: b.type,
      payload,
      sequence: b.sequence,
      flags: b.flags,
      versionMajor: b.version[0],
      versionMinor: b.version[1],
      magic: o.magic?.value,
      headerSize: o.hsize?.value,
      reserved0: o.reserved0?.value,
      payloadLength: o.len?.value,
      payloadCrc: o.crc?.value,
      reserved1: o.reserved1?.value,
      headerCrc: o.hcrc?.value,
      padByte: o.pad?.value,
    });
    const hlen = Math.max(o.hsize?.value ?? HEADER_SIZE, HEADER_SIZE);
    for (const [label, s, e, key] of HEADER_MAP) {
      const text = key === 'type' ? b.typeText : (o[key]?.text ?? b.directive);
      this.seg(start + s, start + e, text, label);
    }
    this.seg(start + HEADER_SIZE, start + hlen, b.directive, 'HeaderExtension');
    this.pieces(start + hlen, b.pieces);
    this.seg(start + hlen + payload.length, start + bytes.length, o.pad?.text ?? b.directive, 'Padding');
    this.out.append(bytes);
    const overrides = this.overrides(b, payload, bytes, hlen);
    this.blocks.push(b);
    this.chunks.push({
      bytes: { start, end: this.at },
      text: b.text,
      directive: b.directive,
      type: b.type,
      ...(overrides.length ? { overrides } : {}),
    });
  }

  /** The explicit options that write another value than the computed one, with that value. */
  private overrides(
    b: ChunkBlock,
    payload: Uint8Array,
    bytes: Uint8Array,
    hlen: number,
  ): Omit<HeaderOverride, 'chunk'>[] {
    const o = b.opts;
    const out: Omit<HeaderOverride, 'chunk'>[] = [];
    const add = (
      option: HeaderOverride['option'],
      opt: { value: number; text: TextRange } | undefined,
      computed: () => number,
    ) => {
      if (!opt) return;
      const c = computed() >>> 0;
      if (opt.value >>> 0 !== c) out.push({ option, value: opt.value >>> 0, computed: c, text: opt.text });
    };
    add('len', o.len, () => payload.length);
    add('crc', o.crc, () => crc32c(payload));
    add('seq', o.seq, () => (this.lastSeq === undefined ? 0 : this.lastSeq + 1));
    add('hcrc', o.hcrc, () => headerCrc(bytes, 0, Math.min(hlen, bytes.length)));
    this.lastSeq = b.sequence;
    return out;
  }

  private fillAuto(b: ChunkBlock, payload: Uint8Array): void {
    let streamCrc: number | undefined;
    for (const p of b.autos) {
      let v: number;
      switch (p.kind) {
        case 'ChunkCount':
          v = this.prog.chunkCount;
          break;
        case 'StreamCrc32c':
          v = streamCrc ??= this.before
            ? crc32c(this.out.view(), 0, this.out.length, crc32c(this.before))
            : crc32c(this.out.view());
          break;
        case 'RangeBufferWords': {
          const after = payload.length - (p.offset + p.len);
          if (after % 8) {
            this.problems.push(
              textProblem(
                'TEXT-AUTO',
                `RangeBufferWords: auto needs the payload bytes after it to be whole 8-byte words; there are ${after}`,
                p.text,
              ),
            );
          }
          v = Math.floor(after / 8);
          break;
        }
      }
      const [, hi] = intRange(p.type, false);
      if (BigInt(v) > hi) {
        this.problems.push(
          textProblem('TEXT-RANGE', `${p.type.name} value ${v} (auto ${p.kind}) out of range 0..${hi}`, p.text),
        );
        continue;
      }
      writeInt(payload, p.offset, p.type, BigInt(v));
    }
  }
}
