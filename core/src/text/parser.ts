// First assembly pass: reads the text line by line into a Program (calls, steps, channel and
// stream settings, chunk and raw blocks with their payload bytes). `auto` fields get
// placeholders here; assembler.ts fills them in once every block's size is known.

import { diagnosticInfo } from '../diagnostics';
import { chunkTypeFromName, chunkTypeName, CHUNK_TYPE_NAMES, CHUNK_TYPES, DEFAULT_MAX_PAYLOAD, FLAG_FINAL, VERSION_MAJOR, VERSION_MINOR } from '../layout';
import { CHANNEL_OPS, defaultChannelConfig, type ChannelConfig, type Expectation, type Problem, type Step, type StreamSettings, type TextPosition, type TextRange } from '../model';
import { AUTO_HELP, autoKind } from './autoFields';
import { ByteBuffer, isHexRun } from './byteBuffer';
import { CHANNEL_KEYS, readChannelOptions } from './channelOptions';
import { DirectiveArgs, type LineContext } from './directiveArgs';
import { scanTokens, type Token } from './lexer';
import { parseLiteral, show } from './literals';
import { writeInt } from './numbers';
import type { CallDraft, ChunkBlock, ChunkOptions, Piece, Program, RawBlock } from './program';
import { textProblem, type TextCode } from './textProblems';

/** Ceiling on the assembled stream, so a typo like zero:0xFFFFFFFF cannot exhaust memory. */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

const CHUNK_KEYS = ['seq', 'flags', 'len', 'crc', 'hcrc', 'magic', 'version', 'hsize', 'pad', 'reserved0', 'reserved1'];
const DIRECTIVES = ['.stream', '.channel', '.op', '.call', '.expect', '.expect-end', '.chunk', '.end', '.raw', '.endraw', '.truncate'];
const U32 = 0xffffffff;

export function parseProgram(text: string): Program {
  return new Parser(text).run();
}

class Parser implements LineContext {
  private readonly problems: Problem[] = [];
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
  private block?: { b: ChunkBlock | RawBlock; call: CallDraft; lastEnd: TextPosition };
  private label?: string;
  private lastSeq?: number;
  /** A call, block or .op has been seen: .stream and .channel come before. */
  private started = false;
  private streamLine?: number;
  private expectEndLine?: number;
  private total = 0;
  private limitHit = false;
  /** Token offsets of the current line, reused: a 10 MB stream is millions of tokens. */
  private readonly bounds: number[] = [];

  constructor(private readonly text: string) {}

  run(): Program {
    const t = this.text;
    let i = 0;
    while (i <= t.length) {
      let end = i;
      while (end < t.length && t.charCodeAt(end) !== 10 && t.charCodeAt(end) !== 13) end++;
      this.lineStart = i;
      scanTokens(t, i, end, this.bounds);
      if (this.bounds.length) this.lineTokens(this.bounds);
      if (end >= t.length) break;
      i = end + (t.charCodeAt(end) === 13 && t.charCodeAt(end + 1) === 10 ? 2 : 1);
      this.line++;
    }
    if (this.block) this.unclosed('at end of file');
    return {
      calls: this.calls,
      steps: this.steps,
      channel: this.channel,
      stream: this.stream,
      ...(this.expectEnd ? { expectEnd: this.expectEnd } : {}),
      problems: this.problems,
      chunkCount: this.chunkCount,
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

  private lineTokens(bounds: number[]): void {
    const t = this.text;
    const first = bounds[0];
    const last = bounds[bounds.length - 1];
    if (t.charCodeAt(first) === 46 /* . */) {
      const tokens: Token[] = [];
      for (let k = 0; k < bounds.length; k += 2) tokens.push({ start: bounds[k], end: bounds[k + 1], text: t.slice(bounds[k], bounds[k + 1]) });
      this.directive(tokens);
      return;
    }
    const blk = this.block;
    if (!blk) {
      this.report('TEXT-BLOCK', 'bytes outside a block: field lines belong between .chunk and .end, or .raw and .endraw', this.range(first, last));
      return;
    }
    for (let k = 0; k < bounds.length; k += 2) {
      const s = bounds[k];
      const e = bounds[k + 1];
      // Fast path for bare hex bytes, the bulk of a large file: no token object, no copy.
      if ((e - s) % 2 === 0 && isHexRun(t, s, e)) this.hex(blk.b, s, e);
      else this.literal(blk.b, { start: s, end: e, text: t.slice(s, e) });
    }
    blk.lastEnd = this.pos(last);
  }

  private hex(b: ChunkBlock | RawBlock, start: number, end: number): void {
    const n = (end - start) >> 1;
    if (!this.room(n, { start, end, text: '' })) return;
    const last = b.pieces[b.pieces.length - 1];
    // Consecutive hex tokens of one line and label form one segment: keeps the source map small.
    if (last?.hexRun && last.text.end.line === this.line && last.label === this.label && last.offset + last.len === b.data.length) {
      last.len += n;
      last.text.end.character = end - this.lineStart;
    } else {
      b.pieces.push({ offset: b.data.length, len: n, text: this.range(start, end), hexRun: true, ...(this.label !== undefined ? { label: this.label } : {}) });
    }
    b.data.appendHex(this.text, start, end);
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
        if (lit.count > 0 && this.room(lit.count, tok)) {
          b.pieces.push(this.piece(b, lit.count, tok));
          b.data.fill(lit.count, lit.value);
        }
        return;
      case 'int': {
        const bytes = new Uint8Array(lit.type.width);
        writeInt(bytes, 0, lit.type, lit.value);
        this.emit(b, tok, bytes);
        return;
      }
      case 'auto': {
        const kind = b.kind === 'chunk' ? autoKind(this.label, b.type) : undefined;
        if (!kind) {
          const type = b.kind === 'chunk' ? chunkTypeName(b.type) : '';
          const where = b.kind === 'raw' ? 'a .raw block' : `${this.label ? `field "${this.label}"` : 'an unlabelled field'} of ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} chunk`;
          this.report('TEXT-AUTO', `auto has no computed value for ${where}; ${AUTO_HELP}`, this.tokRange(tok));
          this.emit(b, tok, new Uint8Array(lit.type.width));
          return;
        }
        if (!this.room(lit.type.width, tok)) return;
        b.pieces.push({ ...this.piece(b, lit.type.width, tok), auto: { kind, type: lit.type } });
        b.data.fill(lit.type.width, 0);
        return;
      }
      case 'error':
        this.report(lit.code, lit.message, this.range(tok.start + lit.at, tok.start + lit.at + lit.len));
        if (lit.width > 0) this.emit(b, tok, new Uint8Array(lit.width));
        return;
    }
  }

  private piece(b: ChunkBlock | RawBlock, len: number, tok: Token): Piece {
    return { offset: b.data.length, len, text: this.tokRange(tok), ...(this.label !== undefined ? { label: this.label } : {}) };
  }

  private emit(b: ChunkBlock | RawBlock, tok: Token, bytes: Uint8Array): void {
    if (bytes.length === 0 || !this.room(bytes.length, tok)) return;
    b.pieces.push(this.piece(b, bytes.length, tok));
    b.data.append(bytes);
  }

  private room(n: number, tok: Token): boolean {
    if (this.total + n <= MAX_STREAM_BYTES) {
      this.total += n;
      return true;
    }
    if (!this.limitHit) this.report('TEXT-LIMIT', `the assembled stream would exceed the ${MAX_STREAM_BYTES}-byte limit here`, this.tokRange(tok));
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
      this.unclosed(`before ${name} on line ${this.line + 1}`);
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
        return this.openBlock({ kind: 'raw', directive: whole, text: whole, data: new ByteBuffer(), pieces: [] });
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
    this.closeBlock(blk.lastEnd);
  }

  private openBlock(b: ChunkBlock | RawBlock): void {
    this.started = true;
    const call = this.current ?? this.newCall(false, b.directive);
    call.items.push(b);
    this.block = { b, call, lastEnd: b.directive.end };
    this.label = undefined;
  }

  private closeBlock(end: TextPosition): void {
    const { b, call } = this.block!;
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
      this.report('TEXT-OPTION', `unknown operation "${pos[0].text}": use ${CHANNEL_OPS.join(', ')}`, this.tokRange(pos[0]));
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
    let diag: string | undefined;
    if (d) {
      diag = d.value.toUpperCase();
      if (!diagnosticInfo(diag)) this.report('TEXT-OPTION', `unknown diagnostic code "${d.value}" (see the Diagnostics table of docs/format.md)`, a.valueRange(d));
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
      if (t === undefined) this.report('TEXT-OPTION', `unknown chunk type "${a.pos[0].text}": use ${CHUNK_TYPE_NAMES.join(', ')} or 0xNNNN`, typeText);
      else type = t;
    }
    const o: ChunkOptions = {
      seq: a.opt('seq', U32),
      len: a.opt('len', U32),
      crc: a.opt('crc', U32),
      hcrc: a.opt('hcrc', U32),
      magic: a.opt('magic', U32),
      hsize: a.opt('hsize', 0xff),
      pad: a.opt('pad', 0xff),
      reserved0: a.opt('reserved0', 0xff),
      reserved1: a.opt('reserved1', U32),
    };
    const f = a.opts.get('flags');
    const flags = f && a.flags(f);
    if (f && flags !== undefined) o.flags = { value: flags, text: a.tokRange(f.tok) };
    const v = a.opts.get('version');
    const ver = v && a.version(v);
    if (v && ver) o.version = { value: ver, text: a.tokRange(v.tok) };
    for (const k of Object.keys(o) as (keyof ChunkOptions)[]) if (o[k] === undefined) delete o[k];
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
      data: new ByteBuffer(),
      pieces: [],
    });
  }
}
