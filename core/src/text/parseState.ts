// The state of the text-form parser: what it has read so far (calls, steps, stream and channel
// settings, the open block), positions and problems; directiveParser.ts changes it line by line.

import { DEFAULT_MAX_PAYLOAD, VERSION_MAJOR, VERSION_MINOR } from '../layout';
import {
  defaultChannelConfig,
  type ChannelConfig,
  type Expectation,
  type SaveStep,
  type SchemaDirective,
  type Step,
  type StreamSettings,
  type TextPosition,
  type TextRange,
} from '../model';
import { ByteBuffer } from './byteBuffer';
import type { UserFieldLayouts } from '../schema/ksyWrite';
import { ByNameWriter, nextToken } from './userFieldLines';
import { formatGuid } from '../fieldReader';
import { CHUNK_TYPES } from '../layout';
import { DirectiveArgs, type LineContext } from './directiveArgs';
import type { Token } from './lexer';
import type { CallDraft, ChunkBlock, LineSegment, RawBlock } from './program';
import { textProblem, type TextCode } from './textProblems';
import { ProblemCollector } from '../problemCap';
import { MAX_CHUNKS, MAX_DIRECTIVE_WORDS, MAX_SOURCE_SEGMENTS, MAX_STEPS } from '../limits';

export interface ParseOptions {
  /** Most problems kept (MAX_COLLECTED_PROBLEMS by default); the rest are counted in MORE-PROBLEMS. */
  maxProblems?: number;
  /** Most `.chunk` blocks read, and chunks framed (MAX_CHUNKS by default). */
  maxChunks?: number;
  /** Most restore calls and `.op` operations read (MAX_STEPS by default). */
  maxSteps?: number;
  /** Most words read after a directive's name (MAX_DIRECTIVE_WORDS by default). */
  maxDirectiveWords?: number;
  /** Source segments made for field-line bytes before later bytes join the previous one (MAX_SOURCE_SEGMENTS). */
  maxSegments?: number;
  /**
   * false: make no source map (no segment for any byte). The bytes, calls, chunks and the parser's
   * problems (each with its own text range) are the same; a byte's text can then not be looked up.
   * The CLI's first pass over a large text (docs/format.md §8.3).
   */
  sourceMap?: false;
  /** User schemas' field layouts: field lines labelled with their field ids are written by name (docs/format.md §7.7). */
  userFields?: UserFieldLayouts;
}

export abstract class ParseState implements LineContext {
  protected readonly problems: ProblemCollector;
  protected readonly calls: CallDraft[] = [];
  protected readonly steps: Step[] = [];
  /** `.save-begin`, `.save`, `.save-end`: after them no restore step may follow. */
  protected readonly saveSteps: SaveStep[] = [];
  protected readonly channel: ChannelConfig = defaultChannelConfig();
  protected readonly stream: StreamSettings = {
    versionMajor: VERSION_MAJOR,
    versionMinor: VERSION_MINOR,
    maxPayload: DEFAULT_MAX_PAYLOAD,
  };
  protected expectEnd?: Expectation;
  protected chunkCount = 0;

  protected line = 0;
  protected lineStart = 0;
  /** The call opened by `.call`, until `.call`, `.op` or end of file. */
  protected current?: CallDraft;
  /** The open block, and where its last field line's last token ends (for a missing closer). */
  protected block?: { b: ChunkBlock | RawBlock; call: CallDraft; lastLine: number; lastChar: number };
  /** The piece a bare hex token on line `hexRunLine` may extend: the last hex run pushed. */
  protected hexRun?: LineSegment;
  protected hexRunLine = -1;
  protected label?: string;
  protected lastSeq?: number;
  /** A call, block or .op has been seen: .stream and .channel come before. */
  protected started = false;
  protected streamLine?: number;
  /** `.schema` directives read so far. */
  protected readonly schemas: SchemaDirective[] = [];
  protected expectEndLine?: number;
  protected total = 0;
  protected limitHit = false;
  /** The bytes of every block, one after another. */
  protected readonly data = new ByteBuffer(4096);
  /** Token offsets of the current line, reused: a 10 MB stream is millions of tokens. */
  protected readonly bounds: number[] = [];

  protected readonly maxChunks: number;
  protected readonly maxSteps: number;
  protected readonly maxWords: number;
  protected readonly maxSegments: number;
  /** opts.sourceMap === false: no piece is recorded. */
  protected readonly noSourceMap: boolean;
  /** Writes field lines by user-schema field name; undefined without user schemas. */
  protected readonly byName?: ByNameWriter;
  /** Pieces (source segments of field-line bytes) made so far. */
  protected pieceCount = 0;
  /** A count limit was reached: the rest of the text is not read. */
  protected stopped = false;

  constructor(
    protected readonly text: string,
    opts: ParseOptions,
  ) {
    this.problems = new ProblemCollector(opts.maxProblems);
    this.maxChunks = opts.maxChunks ?? MAX_CHUNKS;
    this.maxSteps = opts.maxSteps ?? MAX_STEPS;
    this.maxWords = opts.maxDirectiveWords ?? MAX_DIRECTIVE_WORDS;
    this.maxSegments = opts.maxSegments ?? MAX_SOURCE_SEGMENTS;
    this.noSourceMap = opts.sourceMap === false;
    if (opts.userFields) this.byName = new ByNameWriter(opts.userFields);
  }

  // ---- positions and problems ----

  protected pos(offset: number): TextPosition {
    return { line: this.line, character: offset - this.lineStart };
  }

  range(start: number, end: number): TextRange {
    return { start: this.pos(start), end: this.pos(end) };
  }

  protected tokRange(t: Token): TextRange {
    return this.range(t.start, t.end);
  }

  report(code: TextCode, message: string, text: TextRange): void {
    this.problems.push(textProblem(code, message, text));
  }

  // ---- calls and blocks ----

  protected unclosed(where: string): void {
    const blk = this.block!;
    const closer = blk.b.kind === 'chunk' ? '.end' : '.endraw';
    this.report(
      'TEXT-BLOCK',
      `${blk.b.kind === 'chunk' ? '.chunk' : '.raw'} without ${closer} ${where}`,
      blk.b.directive,
    );
    this.closeBlock({ line: blk.lastLine, character: blk.lastChar });
  }

  protected openBlock(b: ChunkBlock | RawBlock): void {
    this.started = true;
    const call = this.current ?? this.newCall(false, b.directive);
    call.items.push(b);
    this.block = { b, call, lastLine: b.directive.end.line, lastChar: b.directive.end.character };
    this.label = undefined;
  }

  protected closeBlock(end: TextPosition): void {
    const { b, call } = this.block!;
    b.dataEnd = this.data.length;
    b.text = { start: b.directive.start, end };
    call.text = { start: call.text.start, end };
    this.block = undefined;
    this.label = undefined;
  }

  protected newCall(explicit: boolean, text: TextRange): CallDraft {
    const call: CallDraft = { explicit, bufferNull: false, text, items: [] };
    this.steps.push({ kind: 'call', call: this.calls.length });
    this.calls.push(call);
    return call;
  }

  protected args(tokens: Token[], directive: string, keys: readonly string[], maxPositional: number): DirectiveArgs {
    return new DirectiveArgs(this, tokens, directive, keys, maxPositional);
  }

  protected beforeStart(tokens: Token[]): boolean {
    if (!this.started) return true;
    this.report(
      'TEXT-ORDER',
      `${tokens[0].text} must come before the first .call, .chunk, .raw or .op`,
      this.tokRange(tokens[0]),
    );
    return false;
  }

  // ---- user-schema field names (docs/format.md §7.7) ----

  /**
   * The label token [s, i) of a line in chunk block `b`, when it names a field of the user schema
   * that decodes those bytes and is followed by one untyped value: that value and its bytes.
   * Undefined: read the label and what follows as usual.
   */
  protected userFieldValue(
    b: ChunkBlock,
    s: number,
    i: number,
  ): { label: Token; value: Token; bytes: Uint8Array; problem?: { code: TextCode; message: string } } | undefined {
    const t = this.text;
    const label: Token = { start: s, end: i, text: t.slice(s, i) };
    if (!/^[A-Za-z_][A-Za-z0-9_]*:$/.test(label.text)) return undefined;
    const v = nextToken(t, i);
    // Only value for this label: the line ends, or the next token is another label.
    const after = v && nextToken(t, v[1]);
    const only = v && (!after || /^[A-Za-z_][A-Za-z0-9_]*:$/.test(t.slice(after[0], after[1])));
    const value: Token | undefined = v && only ? { start: v[0], end: v[1], text: t.slice(v[0], v[1]) } : undefined;
    const payload = this.data.view().subarray(b.dataStart);
    const r = this.byName!.line(b.type, b.dataStart, payload, label.text.slice(0, -1), value?.text, () =>
      this.interfaceType(),
    );
    if (r.kind === 'ordinary' || !value) return undefined;
    // A bit-sized field sharing the byte its run's previous field wrote: its bits join that byte.
    if (r.mergeLast !== undefined && payload.length > 0) payload[payload.length - 1] |= r.mergeLast;
    return { label, value, bytes: r.bytes, ...(r.problem ? { problem: r.problem } : {}) };
  }

  /** The stream's interface type as far as read: the first complete BEGIN block's, else the channel's. */
  private interfaceType(): string | undefined {
    for (const c of this.calls)
      for (const it of c.items)
        if (
          it.kind === 'chunk' &&
          it.type === CHUNK_TYPES.BEGIN &&
          it.dataEnd - it.dataStart >= 16 &&
          it !== this.block?.b
        )
          return formatGuid(this.data.view(), it.dataStart);
    return this.channel.interfaceType;
  }
}
