// What each directive line of the text form (.stream, .channel, .op, .call, .expect, .chunk, .raw,
// .truncate, .end) does to the parse state (parseState.ts). parser.ts reads lines, and the hex and
// literals of blocks, on top of it.

import { isDiagnosticCode, type DiagnosticCode } from '../diagnostics';
import { chunkTypeFromName, CHUNK_TYPE_NAMES, CHUNK_TYPES, FLAG_FINAL } from '../layout';
import { CHANNEL_OPS, type Expectation, type TextRange } from '../model';
import { CHANNEL_KEYS, readChannelOptions } from './channelOptions';
import { DirectiveArgs } from './directiveArgs';
import type { Token } from './lexer';
import { show } from './literals';
import { ParseState } from './parseState';
import { MAX_SCHEMA_ENTRIES, validateSchemaEntry } from '../schema/mapping';
import { OptionError } from '../runOptions';
import type { ChunkOptions } from './program';

const CHUNK_KEYS = ['seq', 'flags', 'len', 'crc', 'hcrc', 'magic', 'version', 'hsize', 'pad', 'reserved0', 'reserved1'];
const DIRECTIVES = [
  '.stream',
  '.channel',
  '.op',
  '.call',
  '.expect',
  '.expect-end',
  '.chunk',
  '.end',
  '.raw',
  '.endraw',
  '.truncate',
  '.save-begin',
  '.save',
  '.save-end',
  '.schema',
];
const SAVE_DIRECTIVES = ['.save-begin', '.save', '.save-end'];
/** Directives that make or change a restore step: none may follow a save directive (§9.5). */
const RESTORE_STEP_DIRECTIVES = ['.call', '.op', '.chunk', '.raw', '.truncate'];
const U32 = 0xffffffff;

export abstract class DirectiveParser extends ParseState {
  // ---- directives ----

  protected directive(tokens: Token[]): void {
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
        this.report(
          'TEXT-BLOCK',
          `${name} inside the ${opener} block of line ${blk.b.directive.start.line + 1}: a ${opener} block ends with ${closer}`,
          this.tokRange(tokens[0]),
        );
        this.closeBlock(whole.end);
        return;
      }
      this.unclosed(`before ${show(name)} on line ${this.line + 1}`);
    }
    if (this.overLimit(name, whole)) return;
    if (this.saveSteps.length && RESTORE_STEP_DIRECTIVES.includes(name)) {
      this.report(
        'TEXT-ORDER',
        `${name} after a save directive (line ${(this.saveSteps[0].text?.start.line ?? 0) + 1}): the save calls run once every restore call and .op ran, so they come last`,
        this.tokRange(tokens[0]),
      );
      return;
    }
    if (SAVE_DIRECTIVES.includes(name)) return this.saveDirective(tokens, whole);
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
        return this.openBlock({
          kind: 'raw',
          directive: whole,
          text: whole,
          dataStart: this.data.length,
          dataEnd: this.data.length,
          pieces: [],
        });
      case '.truncate':
        return this.truncateDirective(tokens, whole);
      case '.schema':
        return this.schemaDirective(tokens, whole);
      case '.end':
        this.report('TEXT-BLOCK', '.end without .chunk', this.tokRange(tokens[0]));
        return;
      case '.endraw':
        this.report('TEXT-BLOCK', '.endraw without .raw', this.tokRange(tokens[0]));
        return;
      default:
        this.report(
          'TEXT-DIRECTIVE',
          `unknown directive ${show(name)} (known: ${DIRECTIVES.join(' ')})`,
          this.tokRange(tokens[0]),
        );
    }
  }

  /**
   * Whether directive `name` would pass the chunk or step limit: then one TEXT-LIMIT says so and
   * the rest of the text is not read (docs/format.md §8), so a text cannot hold unbounded work.
   */
  private overLimit(name: string, whole: TextRange): boolean {
    const newStep =
      name === '.call' ||
      name === '.op' ||
      SAVE_DIRECTIVES.includes(name) ||
      ((name === '.chunk' || name === '.raw') && !this.current);
    let what: string | undefined;
    if (name === '.chunk' && this.chunkCount >= this.maxChunks)
      what = `more than ${this.maxChunks} .chunk blocks: vmbstate reads at most ${this.maxChunks} chunks`;
    else if (newStep && this.steps.length + this.saveSteps.length >= this.maxSteps)
      what = `more than ${this.maxSteps} restore calls and .op operations: vmbstate reads at most ${this.maxSteps}`;
    if (!what) return false;
    this.report(
      'TEXT-LIMIT',
      `${what} per document (docs/format.md §8); this line and the rest of the text are not read`,
      whole,
    );
    this.stopped = true;
    return true;
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

  /** `.schema KEY file=PATH [type=T] [interface={guid}] [mandatory=yes|no]` (docs/format.md §7.3, docs/schemas.md). */
  private schemaDirective(tokens: Token[], whole: TextRange): void {
    const a = this.args(tokens, '.schema', ['file', 'type', 'interface', 'mandatory'], 1);
    const ok = this.beforeStart(tokens);
    if (!a.pos.length) {
      this.report('TEXT-OPTION', '.schema needs a key: vsp, lib or a chunk type such as 0x8123', whole);
      return;
    }
    const file = a.opts.get('file');
    if (!file) {
      this.report('TEXT-OPTION', ".schema needs file=PATH.ksy (relative to this file's folder)", whole);
      return;
    }
    const raw: Record<string, unknown> = { key: a.pos[0].text, file: file.value };
    const type = a.opts.get('type');
    if (type) raw.type = type.value;
    const iface = a.opts.get('interface');
    if (iface) raw.interfaceType = iface.value;
    const mandatory = a.opts.get('mandatory');
    if (mandatory) raw.mandatory = a.choice(mandatory, ['yes', 'no']) === 'yes';
    let entry;
    try {
      entry = validateSchemaEntry(raw, '.schema');
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      this.report('TEXT-OPTION', e.message, whole);
      return;
    }
    if (this.schemas.length >= MAX_SCHEMA_ENTRIES) {
      this.report('TEXT-OPTION', `more than ${MAX_SCHEMA_ENTRIES} .schema directives: the rest are ignored`, whole);
      return;
    }
    if (ok) this.schemas.push({ entry, text: whole });
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
      this.report(
        'TEXT-OPTION',
        `unknown operation "${show(pos[0].text)}": use ${CHANNEL_OPS.join(', ')}`,
        this.tokRange(pos[0]),
      );
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

  /** `.save-begin`, `.save [bufsize=N] [buffer=null|valid]`, `.save-end [unwritten=N]` (docs/format.md §9.5). */
  private saveDirective(tokens: Token[], whole: TextRange): void {
    const name = tokens[0].text;
    const keys = name === '.save' ? ['bufsize', 'buffer'] : name === '.save-end' ? ['unwritten'] : [];
    const a = this.args(tokens, name, keys, 0);
    this.started = true;
    this.current = undefined;
    if (name === '.save-begin') {
      this.saveSteps.push({ call: 'begin', text: whole });
      return;
    }
    if (name === '.save-end') {
      const n = a.opt('unwritten', U32);
      this.saveSteps.push({ call: 'end', text: whole, ...(n ? { unwritten: n.value } : {}) });
      return;
    }
    const size = a.opt('bufsize', U32);
    if (!size) this.report('TEXT-OPTION', '.save needs bufsize=N: the SaveBufferSize of this SaveContinue call', whole);
    const buf = a.opts.get('buffer');
    const bufferNull = buf !== undefined && a.choice(buf, ['null', 'valid']) === 'null';
    this.saveSteps.push({
      call: 'continue',
      bufferSize: size?.value ?? 0,
      text: whole,
      ...(bufferNull ? { bufferNull } : {}),
    });
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
      else
        this.report(
          'TEXT-OPTION',
          `unknown diagnostic code "${show(d.value)}" (see the Diagnostics table of docs/format.md)`,
          a.valueRange(d),
        );
    }
    if (status === undefined) return;
    const exp: Expectation = { status, text: whole, ...(diag ? { diag } : {}) };
    if (name === '.expect-end') {
      if (this.expectEndLine !== undefined) {
        this.report(
          'TEXT-ORDER',
          `.expect-end given twice (first on line ${this.expectEndLine + 1})`,
          this.tokRange(tokens[0]),
        );
        return;
      }
      this.expectEndLine = this.line;
      this.expectEnd = exp;
      return;
    }
    if (this.saveSteps.length) return this.expectSave(tokens, exp);
    const call = this.calls[this.calls.length - 1];
    if (!call) {
      this.report(
        'TEXT-ORDER',
        '.expect without a call before it: it asserts the status of the preceding call',
        this.tokRange(tokens[0]),
      );
      return;
    }
    if (call.expect) {
      this.report(
        'TEXT-ORDER',
        `call ${this.calls.length - 1} already has an .expect (line ${(call.expect.text?.start.line ?? 0) + 1})`,
        this.tokRange(tokens[0]),
      );
      return;
    }
    call.expect = exp;
    call.text = { start: call.text.start, end: whole.end };
  }

  /** `.expect` after a save directive asserts what that SaveBegin or SaveContinue returned. */
  private expectSave(tokens: Token[], exp: Expectation): void {
    const step = this.saveSteps[this.saveSteps.length - 1];
    const line = step.text ? step.text.start.line + 1 : 0;
    if (step.call === 'end') {
      this.report(
        'TEXT-ORDER',
        `.expect after .save-end (line ${line}): VmbChannelSaveEnd is VOID; .save-end unwritten=N asserts the chunks left unwritten`,
        this.tokRange(tokens[0]),
      );
    } else if (step.expect) {
      this.report('TEXT-ORDER', `the save call of line ${line} already has an .expect`, this.tokRange(tokens[0]));
    } else step.expect = exp;
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
      this.report(
        'TEXT-ORDER',
        '.truncate without a call before it: it shortens the current or previous call',
        this.tokRange(tokens[0]),
      );
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
      if (t === undefined)
        this.report(
          'TEXT-OPTION',
          `unknown chunk type "${show(a.pos[0].text)}": use ${CHUNK_TYPE_NAMES.join(', ')} or 0xNNNN`,
          typeText,
        );
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
