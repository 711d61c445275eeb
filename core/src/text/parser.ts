// First assembly pass: reads the text line by line into a Program (calls, steps, channel and
// stream settings, chunk and raw blocks with their payload bytes). `auto` fields get
// placeholders here; assembler.ts fills them in once every block's size is known.

import { isDiagnosticCode, type DiagnosticCode } from '../diagnostics';
import { chunkTypeFromName, chunkTypeName, CHUNK_TYPE_NAMES, CHUNK_TYPES, DEFAULT_MAX_PAYLOAD, FLAG_FINAL, VERSION_MAJOR, VERSION_MINOR } from '../layout';
import { CHANNEL_OPS, defaultChannelConfig, type ChannelConfig, type Expectation, type Step, type StreamSettings, type TextPosition, type TextRange } from '../model';
import { AUTO_HELP, autoKind } from './autoFields';
import { ByteBuffer } from './byteBuffer';
import { CHANNEL_KEYS, readChannelOptions } from './channelOptions';
import { DirectiveArgs, type LineContext } from './directiveArgs';
import { scanTokens, type Token } from './lexer';
import { parseLiteral, show } from './literals';
import { LineSegment, type CallDraft, type ChunkBlock, type ChunkOptions, type Piece, type Program, type RawBlock } from './program';
import { textProblem, type TextCode } from './textProblems';
import { ProblemCollector } from '../problemCap';

/** Ceiling on the assembled stream, so a typo like zero:0xFFFFFFFF cannot exhaust memory. */
export { MAX_STREAM_BYTES } from '../limits';
import { MAX_STREAM_BYTES } from '../limits';

const CHUNK_KEYS = ['seq', 'flags', 'len', 'crc', 'hcrc', 'magic', 'version', 'hsize', 'pad', 'reserved0', 'reserved1'];
const DIRECTIVES = ['.stream', '.channel', '.op', '.call', '.expect', '.expect-end', '.chunk', '.end', '.raw', '.endraw', '.truncate'];
const U32 = 0xffffffff;

export interface ParseOptions {
  /** Most problems kept (MAX_COLLECTED_PROBLEMS by default); the rest are counted in MORE-PROBLEMS. */
  maxProblems?: number;
}

export function parseProgram(text: string, opts: ParseOptions = {}): Program {
  return new Parser(text, opts.maxProblems).run();
}

class Parser implements LineContext {
  private readonly problems: ProblemCollector;
  private readonly calls: CallDraft[] = [];
  private readonly steps: Step[] = [];
  private readonly channel: ChannelConfig = defaultChannelConfig();
  private readonly stream: StreamSettings = { versionMajor: VERSION_MAJOR, versionMinor: VERSION_MINOR, maxPayload: DEFAULT_MAX_PAYLOAD };
  private expectEnd?: Expectation;
  private chunkCount = 0;

  private line = 0;
  private lineStart = 0;
  /** The call opened by `.call`, until `.call`, `.op` or end of file. */
  private current?: CallDraft;
  /** The open block, and where its last field line's last token ends (for a missing closer). */
  private block?: { b: ChunkBlock | RawBlock; call: CallDraft; lastLine: number; lastChar: number };
  /** The piece a bare hex token on line `hexRunLine` may extend: the last hex run pushed. */
  private hexRun?: Piece;
  private hexRunLine = -1;
  private label?: string;
  private lastSeq?: number;
  /** A call, block or .op has been seen: .stream and .channel come before. */
  private started = false;
  private streamLine?: number;
  private expectEndLine?: number;
  private total = 0;
  private limitHit = false;
  /** The bytes of every block, one after another. */
  private readonly data = new ByteBuffer(4096);
  /** Token offsets of the current line, reused: a 10 MB stream is millions of tokens. */
  private readonly bounds: number[] = [];

  constructor(
    private readonly text: string,
    maxProblems?: number,
  ) {
    this.problems = new ProblemCollector(maxProblems);
  }

  run(): Program {
    this.readLines();
    if (this.block) this.unclosed('at end of file');
    return {
      calls: this.calls,
      steps: this.steps,
      channel: this.channel,
      stream: this.stream,
      ...(this.expectEnd ? { expectEnd: this.expectEnd } : {}),
      problems: this.problems.finish(),
      chunkCount: this.chunkCount,
      payloads: this.data.view(),
    };
  }

  // ---- positions and problems ----

  private pos(offset: number): TextPosition {
    return { line: this.line, character: offset - this.lineStart };
  }

  range(start: number, end: number): TextRange {
    return { start: this.pos(start), end: this.pos(end) };
  }

  private tokRange(t: Token): TextRange {
    return this.range(t.start, t.end);
  }

  report(code: TextCode, message: string, text: TextRange): void {
    this.problems.push(textProblem(code, message, text));
  }

  // ---- lines ----

  private readLines(): void {
    const t = this.text;
    const n = t.length;
    let i = 0;
    for (;;) {
      this.lineStart = i;
      const end = this.readLine(i);
      if (end >= n) return;
      i = end + (t.charCodeAt(end) === 13 && t.charCodeAt(end + 1) === 10 ? 2 : 1);
      this.line++;
    }
  }

  /** Reads the line starting at offset i; returns the offset of its line break (or the text's end). */
  private readLine(i: number): number {
    const t = this.text;
    const n = t.length;
    let c = 0;
    while (i < n && ((c = t.charCodeAt(i)) === 32 || c === 9 || c === 0xfeff)) i++;
    if (i >= n || c === 10 || c === 13) return i;
    if (c === 35 /* # */ || (c === 47 /* / */ && t.charCodeAt(i + 1) === 47)) return lineEnd(t, i);
    // A field line inside a block, the bulk of a large file: tokens are handled as they are found.
    if (c !== 46 /* . */ && this.block) return this.fieldLine(i, this.block);
    const end = lineEnd(t, i);
    scanTokens(t, i, end, this.bounds);
    if (this.bounds.length) this.lineTokens(this.bounds);
    return end;
  }

  /**
   * The tokens of a field line from offset i (at a token) to its end, split as lexer.ts splits
   * them, without collecting them first; returns the offset of the line break.
   */
  private fieldLine(i: number, blk: NonNullable<Parser['block']>): number {
    const t = this.text;
    const n = t.length;
    const b = blk.b;
    const data = this.data;
    let last = i;
    while (i < n) {
      let c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 10 || c === 13) break;
      if (c === 35 || (c === 47 && t.charCodeAt(i + 1) === 47)) {
        i = lineEnd(t, i);
        break;
      }
      const s = i;
      // Runs of two-digit hex tokens, the bulk of a large file, go straight into the payload.
      const at = data.length;
      const e = data.appendHexPairs(t, s);
      if (e > s) {
        const len = data.length - at;
        if (this.total + len <= MAX_STREAM_BYTES) {
          this.total += len;
          this.hexPiece(b, at - b.dataStart, len, s, e);
          last = i = e;
          continue;
        }
        // Over the size limit: token by token below, so the report names the token at fault.
        data.truncate(at);
      }
      while (i < n && isHexDigit((c = t.charCodeAt(i)))) i++;
      if (i > s && (i >= n || endsToken(t, i, c))) {
        // Bare hex digits, the usual case: no token object, no copy.
        if ((i - s) % 2 === 0) this.hex(b, s, i);
        else this.literal(b, { start: s, end: i, text: t.slice(s, i) });
        last = i;
        continue;
      }
      let unterminated = false;
      while (i < n) {
        c = t.charCodeAt(i);
        if (endsToken(t, i, c)) break;
        if (c === 34 /* " */) {
          const j = skipStringInLine(t, i + 1);
          if (j < 0) {
            i = ~j;
            unterminated = true;
            break;
          }
          i = j;
          continue;
        }
        i++;
      }
      this.literal(b, { start: s, end: i, text: t.slice(s, i) });
      last = i;
      if (unterminated) break;
    }
    blk.lastLine = this.line;
    blk.lastChar = last - this.lineStart;
    return i;
  }

  /** A directive line, or a field line outside any block (field lines in a block go to fieldLine). */
  private lineTokens(bounds: number[]): void {
    const t = this.text;
    const first = bounds[0];
    if (t.charCodeAt(first) === 46 /* . */) {
      const tokens: Token[] = [];
      for (let k = 0; k < bounds.length; k += 2) tokens.push({ start: bounds[k], end: bounds[k + 1], text: t.slice(bounds[k], bounds[k + 1]) });
      this.directive(tokens);
      return;
    }
    this.report('TEXT-BLOCK', 'bytes outside a block: field lines belong between .chunk and .end, or .raw and .endraw', this.range(first, bounds[bounds.length - 1]));
  }

  private hex(b: ChunkBlock | RawBlock, start: number, end: number): void {
    const n = (end - start) >> 1;
    if (!this.room(n, start, end)) return;
    this.hexPiece(b, this.data.length - b.dataStart, n, start, end);
    this.data.appendHex(this.text, start, end);
  }

  /** Record n bytes of bare hex at payload offset `at`, from text offsets [start, end) of this line. */
  private hexPiece(b: ChunkBlock | RawBlock, at: number, n: number, start: number, end: number): void {
    const pieces = b.pieces;
    const run = this.hexRun;
    // Consecutive hex tokens of one line and label form one segment: keeps the source map small.
    if (run !== undefined && this.hexRunLine === this.line && pieces[pieces.length - 1] === run && run.label === this.label && run.be === at) {
      run.be = at + n;
      run.c1 = end - this.lineStart;
    } else {
      const p = this.newPiece(at, n, start, end);
      pieces.push(p);
      this.hexRun = p;
      this.hexRunLine = this.line;
    }
  }

  private literal(b: ChunkBlock | RawBlock, tok: Token): void {
    if (tok.text.startsWith('.')) {
      this.report('TEXT-TOKEN', `unexpected "${show(tok.text)}": a directive must start its own line`, this.tokRange(tok));
      return;
    }
    const lit = parseLiteral(tok.text);
    switch (lit.kind) {
      case 'label':
        this.label = lit.name;
        return;
      case 'hex':
        this.hex(b, tok.start, tok.end);
        return;
      case 'bytes':
        this.emit(b, tok, lit.bytes);
        return;
      case 'fill':
        if (lit.count > 0 && this.room(lit.count, tok.start, tok.end)) {
          b.pieces.push(this.piece(b, lit.count, tok));
          this.data.fill(lit.count, lit.value);
        }
        return;
      case 'int':
        // As emit, written straight into the payload.
        if (!this.room(lit.type.width, tok.start, tok.end)) return;
        b.pieces.push(this.piece(b, lit.type.width, tok));
        this.data.appendInt(lit.type, lit.value);
        return;
      case 'auto': {
        const kind = b.kind === 'chunk' ? autoKind(this.label, b.type) : undefined;
        if (!kind || b.kind !== 'chunk') {
          const type = b.kind === 'chunk' ? chunkTypeName(b.type) : '';
          const where = b.kind === 'raw' ? 'a .raw block' : `${this.label ? `field "${this.label}"` : 'an unlabelled field'} of ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} chunk`;
          this.report('TEXT-AUTO', `auto has no computed value for ${where}; ${AUTO_HELP}`, this.tokRange(tok));
          this.emit(b, tok, new Uint8Array(lit.type.width));
          return;
        }
        if (!this.room(lit.type.width, tok.start, tok.end)) return;
        const p = this.piece(b, lit.type.width, tok);
        b.pieces.push(p);
        b.autos.push({ offset: p.bs, len: lit.type.width, text: p.text, kind, type: lit.type });
        this.data.fill(lit.type.width, 0);
        return;
      }
      case 'error':
        this.report(lit.code, lit.message, this.range(tok.start + lit.at, tok.start + lit.at + lit.len));
        if (lit.width > 0) this.emit(b, tok, new Uint8Array(lit.width));
        return;
    }
  }

  private piece(b: ChunkBlock | RawBlock, len: number, tok: Token): Piece {
    return this.newPiece(this.data.length - b.dataStart, len, tok.start, tok.end);
  }

  /** A piece of `len` bytes at payload offset `at`, from text offsets [start, end) of this line. */
  private newPiece(at: number, len: number, start: number, end: number): Piece {
    return new LineSegment(at, at + len, this.line, start - this.lineStart, end - this.lineStart, this.label);
  }

  private emit(b: ChunkBlock | RawBlock, tok: Token, bytes: Uint8Array): void {
    if (bytes.length === 0 || !this.room(bytes.length, tok.start, tok.end)) return;
    b.pieces.push(this.piece(b, bytes.length, tok));
    this.data.append(bytes);
  }

  private room(n: number, start: number, end: number): boolean {
    if (this.total + n <= MAX_STREAM_BYTES) {
      this.total += n;
      return true;
    }
    if (!this.limitHit) this.report('TEXT-LIMIT', `the assembled stream would exceed the ${MAX_STREAM_BYTES}-byte limit here`, this.range(start, end));
    this.limitHit = true;
    return false;
  }

  // ---- directives ----

  private directive(tokens: Token[]): void {
    const name = tokens[0].text;
    const whole = this.range(tokens[0].start, tokens[tokens.length - 1].end);
    const blk = this.block;
    if (blk) {
      const closer = blk.b.kind === 'chunk' ? '.end' : '.endraw';
      if (name === closer) {
        this.args(tokens, tokens[0].text, [], 0);
        this.closeBlock(whole.end);
        return;
      }
      if (name === '.end' || name === '.endraw') {
        const opener = blk.b.kind === 'chunk' ? '.chunk' : '.raw';
        this.report('TEXT-BLOCK', `${name} inside the ${opener} block of line ${blk.b.directive.start.line + 1}: a ${opener} block ends with ${closer}`, this.tokRange(tokens[0]));
        this.closeBlock(whole.end);
        return;
      }
      this.unclosed(`before ${show(name)} on line ${this.line + 1}`);
    }
    switch (name) {
      case '.stream':
        return this.streamDirective(tokens);
      case '.channel':
        return this.channelDirective(tokens);
      case '.op':
        return this.opDirective(tokens, whole);
      case '.call':
        return this.callDirective(tokens, whole);
      case '.expect':
      case '.expect-end':
        return this.expectDirective(tokens, whole);
      case '.chunk':
        return this.chunkDirective(tokens, whole);
      case '.raw':
        this.args(tokens, tokens[0].text, [], 0);
        return this.openBlock({ kind: 'raw', directive: whole, text: whole, dataStart: this.data.length, dataEnd: this.data.length, pieces: [] });
      case '.truncate':
        return this.truncateDirective(tokens, whole);
      case '.end':
        this.report('TEXT-BLOCK', '.end without .chunk', this.tokRange(tokens[0]));
        return;
      case '.endraw':
        this.report('TEXT-BLOCK', '.endraw without .raw', this.tokRange(tokens[0]));
        return;
      default:
        this.report('TEXT-DIRECTIVE', `unknown directive ${show(name)} (known: ${DIRECTIVES.join(' ')})`, this.tokRange(tokens[0]));
    }
  }

  private unclosed(where: string): void {
    const blk = this.block!;
    const closer = blk.b.kind === 'chunk' ? '.end' : '.endraw';
    this.report('TEXT-BLOCK', `${blk.b.kind === 'chunk' ? '.chunk' : '.raw'} without ${closer} ${where}`, blk.b.directive);
    this.closeBlock({ line: blk.lastLine, character: blk.lastChar });
  }

  private openBlock(b: ChunkBlock | RawBlock): void {
    this.started = true;
    const call = this.current ?? this.newCall(false, b.directive);
    call.items.push(b);
    this.block = { b, call, lastLine: b.directive.end.line, lastChar: b.directive.end.character };
    this.label = undefined;
  }

  private closeBlock(end: TextPosition): void {
    const { b, call } = this.block!;
    b.dataEnd = this.data.length;
    b.text = { start: b.directive.start, end };
    call.text = { start: call.text.start, end };
    this.block = undefined;
    this.label = undefined;
  }

  private newCall(explicit: boolean, text: TextRange): CallDraft {
    const call: CallDraft = { explicit, bufferNull: false, text, items: [] };
    this.steps.push({ kind: 'call', call: this.calls.length });
    this.calls.push(call);
    return call;
  }

  private args(tokens: Token[], directive: string, keys: readonly string[], maxPositional: number): DirectiveArgs {
    return new DirectiveArgs(this, tokens, directive, keys, maxPositional);
  }

  private beforeStart(tokens: Token[]): boolean {
    if (!this.started) return true;
    this.report('TEXT-ORDER', `${tokens[0].text} must come before the first .call, .chunk, .raw or .op`, this.tokRange(tokens[0]));
    return false;
  }

  private streamDirective(tokens: Token[]): void {
    const a = this.args(tokens, '.stream', ['version', 'maxpayload'], 0);
    let ok = this.beforeStart(tokens);
    if (this.streamLine !== undefined) {
      this.report('TEXT-ORDER', `.stream given twice (first on line ${this.streamLine + 1})`, this.tokRange(tokens[0]));
      ok = false;
    }
    this.streamLine ??= this.line;
    const v = a.opts.get('version');
    const ver = v && a.version(v);
    const max = a.opt('maxpayload', U32);
    if (!ok) return;
    if (ver) [this.stream.versionMajor, this.stream.versionMinor] = ver;
    if (max) this.stream.maxPayload = max.value;
  }

  private channelDirective(tokens: Token[]): void {
    const a = this.args(tokens, '.channel', CHANNEL_KEYS, 0);
    const ok = this.beforeStart(tokens);
    const { config, limits } = readChannelOptions(a);
    if (!ok) return;
    Object.assign(this.channel, config);
    if (Object.keys(limits).length) this.channel.limits = { ...this.channel.limits, ...limits };
  }

  private opDirective(tokens: Token[], whole: TextRange): void {
    const { pos } = this.args(tokens, '.op', [], 1);
    this.started = true;
    this.current = undefined;
    if (!pos.length) {
      this.report('TEXT-OPTION', `.op needs an operation: ${CHANNEL_OPS.join(', ')}`, whole);
      return;
    }
    const op = CHANNEL_OPS.find((o) => o.toLowerCase() === pos[0].text.toLowerCase());
    if (!op) {
      this.report('TEXT-OPTION', `unknown operation "${show(pos[0].text)}": use ${CHANNEL_OPS.join(', ')}`, this.tokRange(pos[0]));
      return;
    }
    this.steps.push({ kind: 'op', op, text: whole });
  }

  private callDirective(tokens: Token[], whole: TextRange): void {
    const a = this.args(tokens, '.call', ['buffer', 'size'], 0);
    this.started = true;
    const call = this.newCall(true, whole);
    this.current = call;
    const buf = a.opts.get('buffer');
    if (buf) call.bufferNull = a.choice(buf, ['null', 'valid']) === 'null';
    const size = a.opt('size', U32);
    if (size) call.size = size.value;
  }

  private expectDirective(tokens: Token[], whole: TextRange): void {
    const name = tokens[0].text;
    const a = this.args(tokens, name, ['diag'], 1);
    if (!a.pos.length) {
      this.report('TEXT-OPTION', `${name} needs a status: a STATUS_… name or a 0x value`, whole);
      return;
    }
    const status = a.status(a.pos[0]);
    const d = a.opts.get('diag');
    let diag: DiagnosticCode | undefined;
    if (d) {
      const code = d.value.toUpperCase();
      if (isDiagnosticCode(code)) diag = code;
      // Dropped: the expectation checks the status alone, and no later message quotes the bad code.
      else this.report('TEXT-OPTION', `unknown diagnostic code "${show(d.value)}" (see the Diagnostics table of docs/format.md)`, a.valueRange(d));
    }
    if (status === undefined) return;
    const exp: Expectation = { status, text: whole, ...(diag ? { diag } : {}) };
    if (name === '.expect-end') {
      if (this.expectEndLine !== undefined) {
        this.report('TEXT-ORDER', `.expect-end given twice (first on line ${this.expectEndLine + 1})`, this.tokRange(tokens[0]));
        return;
      }
      this.expectEndLine = this.line;
      this.expectEnd = exp;
      return;
    }
    const call = this.calls[this.calls.length - 1];
    if (!call) {
      this.report('TEXT-ORDER', '.expect without a call before it: it asserts the status of the preceding call', this.tokRange(tokens[0]));
      return;
    }
    if (call.expect) {
      this.report('TEXT-ORDER', `call ${this.calls.length - 1} already has an .expect (line ${(call.expect.text?.start.line ?? 0) + 1})`, this.tokRange(tokens[0]));
      return;
    }
    call.expect = exp;
    call.text = { start: call.text.start, end: whole.end };
  }

  private truncateDirective(tokens: Token[], whole: TextRange): void {
    const a = this.args(tokens, '.truncate', [], 1);
    const call = this.calls[this.calls.length - 1];
    if (!a.pos.length) {
      this.report('TEXT-OPTION', '.truncate needs a byte count: .truncate N', whole);
      return;
    }
    const n = a.num(DirectiveArgs.positional('.truncate', a.pos[0]), U32);
    if (!call) {
      this.report('TEXT-ORDER', '.truncate without a call before it: it shortens the current or previous call', this.tokRange(tokens[0]));
      return;
    }
    if (n === undefined) return;
    call.items.push({ kind: 'truncate', count: n, text: whole });
    call.text = { start: call.text.start, end: whole.end };
  }

  private chunkDirective(tokens: Token[], whole: TextRange): void {
    const a = this.args(tokens, '.chunk TYPE', CHUNK_KEYS, 1);
    let type = 0;
    let typeText = this.tokRange(tokens[0]);
    if (!a.pos.length) {
      this.report('TEXT-OPTION', `.chunk needs a chunk type: ${CHUNK_TYPE_NAMES.join(', ')} or 0xNNNN`, whole);
    } else {
      typeText = this.tokRange(a.pos[0]);
      const t = chunkTypeFromName(a.pos[0].text);
      if (t === undefined) this.report('TEXT-OPTION', `unknown chunk type "${show(a.pos[0].text)}": use ${CHUNK_TYPE_NAMES.join(', ')} or 0xNNNN`, typeText);
      else type = t;
    }
    // Only the options given, in this order (reports come out in it too).
    const o: ChunkOptions = {};
    const put = <K extends keyof ChunkOptions>(k: K, v: ChunkOptions[K]) => {
      if (v !== undefined) o[k] = v;
    };
    put('seq', a.opt('seq', U32));
    put('len', a.opt('len', U32));
    put('crc', a.opt('crc', U32));
    put('hcrc', a.opt('hcrc', U32));
    put('magic', a.opt('magic', U32));
    put('hsize', a.opt('hsize', 0xff));
    put('pad', a.opt('pad', 0xff));
    put('reserved0', a.opt('reserved0', 0xff));
    put('reserved1', a.opt('reserved1', U32));
    const f = a.opts.get('flags');
    const flags = f && a.flags(f);
    if (f && flags !== undefined) o.flags = { value: flags, text: a.tokRange(f.tok) };
    const v = a.opts.get('version');
    const ver = v && a.version(v);
    if (v && ver) o.version = { value: ver, text: a.tokRange(v.tok) };
    const sequence = o.seq?.value ?? (this.lastSeq === undefined ? 0 : (this.lastSeq + 1) >>> 0);
    this.lastSeq = sequence;
    this.chunkCount++;
    this.openBlock({
      kind: 'chunk',
      type,
      typeText,
      directive: whole,
      text: whole,
      sequence,
      flags: o.flags?.value ?? (type === CHUNK_TYPES.END ? FLAG_FINAL : 0),
      version: o.version?.value ?? [this.stream.versionMajor, this.stream.versionMinor],
      opts: o,
      dataStart: this.data.length,
      dataEnd: this.data.length,
      pieces: [],
      autos: [],
    });
  }
}

/** Offset of the line break at or after i, or the text's end. */
function lineEnd(t: string, i: number): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return n;
}

function isHexDigit(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 102);
}

/** Whether c = t[i] ends a token, as in lexer.ts: a space, a line break, or a comment start. */
function endsToken(t: string, i: number, c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff || c === 10 || c === 13 || c === 35 || (c === 47 && t.charCodeAt(i + 1) === 47);
}

/**
 * For a string whose body starts at i: the offset just past its closing quote, or, when the
 * line ends first, ~(offset of the line's end).
 */
function skipStringInLine(t: string, i: number): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 92 /* \ */) {
      const d = t.charCodeAt(i + 1);
      if (i + 1 >= n || d === 10 || d === 13) return ~(i + 1);
      i += 2;
    } else if (c === 34) {
      return i + 1;
    } else if (c === 10 || c === 13) {
      return ~i;
    } else {
      i++;
    }
  }
  return ~n;
}
