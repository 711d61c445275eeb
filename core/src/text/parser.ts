// First assembly pass: reads the text line by line into a Program (calls, steps, channel and
// stream settings, chunk and raw blocks with their payload bytes). `auto` fields get
// placeholders here; assembler.ts fills them in once every block's size is known.

import { formatGuid, parseGuid } from '../fieldReader';
import { chunkTypeFromName, chunkTypeName, CHUNK_TYPE_NAMES, CHUNK_TYPES, DEFAULT_MAX_PAYLOAD, FLAG_CONTINUES, FLAG_FINAL, VERSION_MAJOR, VERSION_MINOR } from '../layout';
import { CHANNEL_LIFECYCLE, CHANNEL_OPS, defaultChannelConfig, type ChannelConfig, type Expectation, type Problem, type Step, type StreamSettings, type TextPosition, type TextRange } from '../model';
import { diagnosticInfo } from '../diagnostics';
import { statusFromName } from '../ntstatus';
import { AUTO_HELP, autoKind } from './autoFields';
import { ByteBuffer, isHexRun } from './byteBuffer';
import { scanTokens, type Token } from './lexer';
import { parseLiteral } from './literals';
import { parseInt64, writeInt } from './numbers';
import type { CallDraft, ChunkBlock, ChunkOptions, Opt, Piece, Program, RawBlock } from './program';
import { textProblem, type TextCode } from './textProblems';

/** Ceiling on the assembled stream, so a typo like zero:0xFFFFFFFF cannot exhaust memory. */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

interface OptTok {
  key: string;
  value: string;
  tok: Token;
  valueStart: number;
}

interface Args {
  pos: Token[];
  opts: Map<string, OptTok>;
}

const CHUNK_KEYS = ['seq', 'flags', 'len', 'crc', 'hcrc', 'magic', 'version', 'hsize', 'pad', 'reserved0', 'reserved1'];
const CHANNEL_KEYS = ['state', 'interface', 'instance', 'subchannel', 'packetCallbacks', 'handle', 'profile', 'maxGpadls', 'maxPackets', 'maxMessages'];
const DIRECTIVES = ['.stream', '.channel', '.op', '.call', '.expect', '.expect-end', '.chunk', '.end', '.raw', '.endraw', '.truncate'];
const U32 = 0xffffffff;

export function parseProgram(text: string): Program {
  return new Parser(text).run();
}

class Parser {
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

  private range(start: number, end: number): TextRange {
    return { start: this.pos(start), end: this.pos(end) };
  }

  private tokRange(t: Token): TextRange {
    return this.range(t.start, t.end);
  }

  private report(code: TextCode, message: string, text: TextRange): void {
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
      this.report('TEXT-TOKEN', `unexpected "${tok.text}": a directive must start its own line`, this.tokRange(tok));
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
        this.noArgs(tokens);
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
        this.noArgs(tokens);
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
        this.report('TEXT-DIRECTIVE', `unknown directive ${name} (known: ${DIRECTIVES.join(' ')})`, this.tokRange(tokens[0]));
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

  /** Positional tokens and key=value options; reports unknown and repeated keys. */
  private args(tokens: Token[], directive: string, keys: readonly string[], maxPositional: number): Args {
    const pos: Token[] = [];
    const opts = new Map<string, OptTok>();
    const canon = new Map(keys.map((k) => [k.toLowerCase(), k]));
    for (const tok of tokens.slice(1)) {
      const eq = tok.text.indexOf('=');
      if (eq < 0) {
        if (pos.length < maxPositional) pos.push(tok);
        else this.report('TEXT-OPTION', `unexpected "${tok.text}" after ${directive}${keys.length ? `: options are key=value (${keys.join(' ')})` : ''}`, this.tokRange(tok));
        continue;
      }
      const rawKey = tok.text.slice(0, eq);
      const key = canon.get(rawKey.toLowerCase());
      const keyRange = this.range(tok.start, tok.start + eq);
      if (!key) {
        this.report('TEXT-OPTION', `unknown option "${rawKey}" for ${directive}${keys.length ? ` (known: ${keys.join(' ')})` : ''}`, keyRange);
        continue;
      }
      if (opts.has(key)) {
        this.report('TEXT-OPTION', `option ${key} given twice`, keyRange);
        continue;
      }
      const value = tok.text.slice(eq + 1);
      if (value === '') {
        this.report('TEXT-OPTION', `option ${key} needs a value: ${key}=…`, this.tokRange(tok));
        continue;
      }
      opts.set(key, { key, value, tok, valueStart: tok.start + eq + 1 });
    }
    return { pos, opts };
  }

  private noArgs(tokens: Token[]): void {
    this.args(tokens, tokens[0].text, [], 0);
  }

  private valueRange(o: OptTok): TextRange {
    return this.range(o.valueStart, o.tok.end);
  }

  private num(o: OptTok, max: number): number | undefined {
    const p = parseInt64(o.value);
    if (!p) {
      this.report('TEXT-NUMBER', `${o.key}: "${o.value}" is not a number (decimal or 0x hex)`, this.valueRange(o));
      return undefined;
    }
    if (p.value < 0n || p.value > BigInt(max)) {
      this.report('TEXT-RANGE', `${o.key} value ${o.value} out of range 0..${max}`, this.valueRange(o));
      return undefined;
    }
    return Number(p.value);
  }

  private opt(o: OptTok | undefined, max: number): Opt<number> | undefined {
    if (!o) return undefined;
    const v = this.num(o, max);
    return v === undefined ? undefined : { value: v, text: this.tokRange(o.tok) };
  }

  private choice<T extends string>(o: OptTok, values: readonly T[]): T | undefined {
    const hit = values.find((v) => v.toLowerCase() === o.value.toLowerCase());
    if (!hit) this.report('TEXT-OPTION', `${o.key}=${o.value} is not one of ${values.join('|')}`, this.valueRange(o));
    return hit;
  }

  private version(o: OptTok): [number, number] | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})$/.exec(o.value);
    if (!m || +m[1] > 255 || +m[2] > 255) {
      this.report('TEXT-OPTION', `version=${o.value} is not MAJOR.MINOR with each part 0..255`, this.valueRange(o));
      return undefined;
    }
    return [+m[1], +m[2]];
  }

  private guid(o: OptTok): string | undefined {
    const g = parseGuid(o.value);
    if (!g) {
      this.report('TEXT-GUID', `${o.key}: invalid GUID "${o.value}": expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, this.valueRange(o));
      return undefined;
    }
    return formatGuid(g, 0);
  }

  private beforeStart(tokens: Token[]): boolean {
    if (!this.started) return true;
    this.report('TEXT-ORDER', `${tokens[0].text} must come before the first .call, .chunk, .raw or .op`, this.tokRange(tokens[0]));
    return false;
  }

  private streamDirective(tokens: Token[]): void {
    const { opts } = this.args(tokens, '.stream', ['version', 'maxpayload'], 0);
    let ok = this.beforeStart(tokens);
    if (this.streamLine !== undefined) {
      this.report('TEXT-ORDER', `.stream given twice (first on line ${this.streamLine + 1})`, this.tokRange(tokens[0]));
      ok = false;
    }
    this.streamLine ??= this.line;
    const v = opts.get('version');
    const ver = v && this.version(v);
    const mp = opts.get('maxpayload');
    const max = mp && this.num(mp, U32);
    if (!ok) return;
    if (ver) [this.stream.versionMajor, this.stream.versionMinor] = ver;
    if (max !== undefined) this.stream.maxPayload = max;
  }

  private channelDirective(tokens: Token[]): void {
    const { opts } = this.args(tokens, '.channel', CHANNEL_KEYS, 0);
    const ok = this.beforeStart(tokens);
    const c: Partial<ChannelConfig> = {};
    const limits: NonNullable<ChannelConfig['limits']> = {};
    for (const o of opts.values()) {
      switch (o.key) {
        case 'state': {
          const v = this.choice(o, CHANNEL_LIFECYCLE);
          if (v) c.state = v;
          break;
        }
        case 'interface':
        case 'instance': {
          const g = this.guid(o);
          if (g) c[o.key === 'interface' ? 'interfaceType' : 'interfaceInstance'] = g;
          break;
        }
        case 'subchannel': {
          const v = this.num(o, 0xffff);
          if (v !== undefined) c.subchannelIndex = v;
          break;
        }
        case 'packetCallbacks': {
          const v = this.choice(o, ['yes', 'no', 'true', 'false']);
          if (v) c.packetCallbacks = v === 'yes' || v === 'true';
          break;
        }
        case 'handle': {
          const v = this.choice(o, ['valid', 'null'] as const);
          if (v) c.handle = v;
          break;
        }
        case 'profile': {
          const v = this.choice(o, ['default', 'vid'] as const);
          if (v) c.profile = v;
          break;
        }
        default: {
          const v = this.num(o, U32);
          const k = ({ maxGpadls: 'gpadls', maxPackets: 'packets', maxMessages: 'messages' } as const)[o.key as 'maxGpadls'];
          if (v !== undefined && k) limits[k] = v;
        }
      }
    }
    if (!ok) return;
    Object.assign(this.channel, c);
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
    const { opts } = this.args(tokens, '.call', ['buffer', 'size'], 0);
    this.started = true;
    const call = this.newCall(true, whole);
    this.current = call;
    const buf = opts.get('buffer');
    if (buf) call.bufferNull = this.choice(buf, ['null', 'valid']) === 'null';
    const size = this.opt(opts.get('size'), U32);
    if (size) call.size = size.value;
  }

  private expectDirective(tokens: Token[], whole: TextRange): void {
    const name = tokens[0].text;
    const { pos, opts } = this.args(tokens, name, ['diag'], 1);
    if (!pos.length) {
      this.report('TEXT-OPTION', `${name} needs a status: a STATUS_… name or a 0x value`, whole);
      return;
    }
    const status = this.status(pos[0]);
    const d = opts.get('diag');
    let diag: string | undefined;
    if (d) {
      diag = d.value.toUpperCase();
      if (!diagnosticInfo(diag)) this.report('TEXT-OPTION', `unknown diagnostic code "${d.value}" (see the Diagnostics table of docs/format.md)`, this.valueRange(d));
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

  private status(tok: Token): number | undefined {
    const byName = statusFromName(tok.text);
    if (byName !== undefined) return byName;
    if (/^0x[0-9a-f]{1,8}$/i.test(tok.text)) return parseInt(tok.text, 16) >>> 0;
    this.report('TEXT-OPTION', `unknown status "${tok.text}": use a STATUS_… name or a 0x value of up to 8 digits`, this.tokRange(tok));
    return undefined;
  }

  private truncateDirective(tokens: Token[], whole: TextRange): void {
    const { pos } = this.args(tokens, '.truncate', [], 1);
    const call = this.calls[this.calls.length - 1];
    if (!pos.length) {
      this.report('TEXT-OPTION', '.truncate needs a byte count: .truncate N', whole);
      return;
    }
    const n = this.num({ key: '.truncate', value: pos[0].text, tok: pos[0], valueStart: pos[0].start }, U32);
    if (!call) {
      this.report('TEXT-ORDER', '.truncate without a call before it: it shortens the current or previous call', this.tokRange(tokens[0]));
      return;
    }
    if (n === undefined) return;
    call.items.push({ kind: 'truncate', count: n, text: whole });
    call.text = { start: call.text.start, end: whole.end };
  }

  private chunkDirective(tokens: Token[], whole: TextRange): void {
    const { pos, opts } = this.args(tokens, '.chunk TYPE', CHUNK_KEYS, 1);
    let type = 0;
    let typeText = this.tokRange(tokens[0]);
    if (!pos.length) {
      this.report('TEXT-OPTION', `.chunk needs a chunk type: ${CHUNK_TYPE_NAMES.join(', ')} or 0xNNNN`, whole);
    } else {
      typeText = this.tokRange(pos[0]);
      const t = chunkTypeFromName(pos[0].text);
      if (t === undefined) this.report('TEXT-OPTION', `unknown chunk type "${pos[0].text}": use ${CHUNK_TYPE_NAMES.join(', ')} or 0xNNNN`, typeText);
      else type = t;
    }
    const o: ChunkOptions = {};
    o.seq = this.opt(opts.get('seq'), U32);
    o.len = this.opt(opts.get('len'), U32);
    o.crc = this.opt(opts.get('crc'), U32);
    o.hcrc = this.opt(opts.get('hcrc'), U32);
    o.magic = this.opt(opts.get('magic'), U32);
    o.hsize = this.opt(opts.get('hsize'), 0xff);
    o.pad = this.opt(opts.get('pad'), 0xff);
    o.reserved0 = this.opt(opts.get('reserved0'), 0xff);
    o.reserved1 = this.opt(opts.get('reserved1'), U32);
    const f = opts.get('flags');
    if (f) {
      const v = this.flags(f);
      if (v !== undefined) o.flags = { value: v, text: this.tokRange(f.tok) };
    }
    const v = opts.get('version');
    if (v) {
      const ver = this.version(v);
      if (ver) o.version = { value: ver, text: this.tokRange(v.tok) };
    }
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

  private flags(o: OptTok): number | undefined {
    let v = 0;
    for (const part of o.value.split('|')) {
      const name = part.toUpperCase();
      if (name === 'FINAL') v |= FLAG_FINAL;
      else if (name === 'CONTINUES') v |= FLAG_CONTINUES;
      else if (name === 'NONE') v |= 0;
      else {
        const p = parseInt64(part);
        if (!p || p.value < 0n || p.value > 0xffffn) {
          this.report('TEXT-OPTION', `flags=${o.value}: "${part}" is not FINAL, CONTINUES, none or a number 0..0xFFFF`, this.valueRange(o));
          return undefined;
        }
        v |= Number(p.value);
      }
    }
    return v;
  }
}
