// The arguments of one directive line: positional words and key=value options, and readers that
// turn option values into numbers, enums, versions, GUIDs, statuses and flags — each reporting
// a TEXT-* problem on the exact value when it does not fit.

import { formatGuid, parseGuid } from '../fieldReader';
import { FLAG_CONTINUES, FLAG_FINAL } from '../layout';
import type { TextRange } from '../model';
import { statusFromName } from '../ntstatus';
import type { Token } from './lexer';
import { show } from './literals';
import { parseInt64 } from './numbers';
import type { Opt } from './program';
import type { TextCode } from './textProblems';

/** What the reader needs from the line being parsed. */
export interface LineContext {
  range(start: number, end: number): TextRange;
  report(code: TextCode, message: string, text: TextRange): void;
}

export interface OptTok {
  key: string;
  value: string;
  tok: Token;
  valueStart: number;
}

export class DirectiveArgs {
  readonly pos: Token[] = [];
  readonly opts = new Map<string, OptTok>();

  /** Splits tokens[1…]; reports extra positional words, unknown, repeated and empty options. */
  constructor(
    private readonly ctx: LineContext,
    tokens: Token[],
    directive: string,
    keys: readonly string[],
    maxPositional: number,
  ) {
    let canon: Map<string, string> | undefined;
    for (const tok of tokens.slice(1)) {
      const eq = tok.text.indexOf('=');
      if (eq < 0) {
        if (this.pos.length < maxPositional) this.pos.push(tok);
        else
          ctx.report(
            'TEXT-OPTION',
            `unexpected "${show(tok.text)}" after ${directive}${keys.length ? `: options are key=value (${keys.join(' ')})` : ''}`,
            this.tokRange(tok),
          );
        continue;
      }
      const rawKey = tok.text.slice(0, eq);
      canon ??= new Map(keys.map((k) => [k.toLowerCase(), k]));
      const key = canon.get(rawKey.toLowerCase());
      const keyRange = ctx.range(tok.start, tok.start + eq);
      if (!key) {
        ctx.report(
          'TEXT-OPTION',
          `unknown option "${show(rawKey)}" for ${directive}${keys.length ? ` (known: ${keys.join(' ')})` : ''}`,
          keyRange,
        );
        continue;
      }
      if (this.opts.has(key)) {
        ctx.report('TEXT-OPTION', `option ${key} given twice`, keyRange);
        continue;
      }
      const value = tok.text.slice(eq + 1);
      if (value === '') {
        ctx.report('TEXT-OPTION', `option ${key} needs a value: ${key}=…`, this.tokRange(tok));
        continue;
      }
      this.opts.set(key, { key, value, tok, valueStart: tok.start + eq + 1 });
    }
  }

  tokRange(t: Token): TextRange {
    return this.ctx.range(t.start, t.end);
  }

  /** TEXT-OPTION on an option's value, with a validator's message (runOptions.ts). */
  reportOption(o: OptTok, message: string): void {
    this.ctx.report('TEXT-OPTION', message, this.valueRange(o));
  }

  valueRange(o: OptTok): TextRange {
    return this.ctx.range(o.valueStart, o.tok.end);
  }

  /** A positional word read like an option value (for `.truncate N`). */
  static positional(key: string, tok: Token): OptTok {
    return { key, value: tok.text, tok, valueStart: tok.start };
  }

  num(o: OptTok, max: number): number | undefined {
    const p = parseInt64(o.value);
    if (!p) {
      this.ctx.report(
        'TEXT-NUMBER',
        `${o.key}: "${show(o.value)}" is not a number (decimal or 0x hex)`,
        this.valueRange(o),
      );
      return undefined;
    }
    if (p.value < 0n || p.value > BigInt(max)) {
      this.ctx.report('TEXT-RANGE', `${o.key} value ${show(o.value)} out of range 0..${max}`, this.valueRange(o));
      return undefined;
    }
    return Number(p.value);
  }

  /** A numeric option with the range of its whole `key=value` token (for the source map). */
  opt(key: string, max: number): Opt<number> | undefined {
    const o = this.opts.get(key);
    if (!o) return undefined;
    const v = this.num(o, max);
    return v === undefined ? undefined : { value: v, text: this.tokRange(o.tok) };
  }

  choice<T extends string>(o: OptTok, values: readonly T[]): T | undefined {
    const hit = values.find((v) => v.toLowerCase() === o.value.toLowerCase());
    if (!hit)
      this.ctx.report('TEXT-OPTION', `${o.key}=${show(o.value)} is not one of ${values.join('|')}`, this.valueRange(o));
    return hit;
  }

  version(o: OptTok): [number, number] | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})$/.exec(o.value);
    if (!m || +m[1] > 255 || +m[2] > 255) {
      this.ctx.report(
        'TEXT-OPTION',
        `version=${show(o.value)} is not MAJOR.MINOR with each part 0..255`,
        this.valueRange(o),
      );
      return undefined;
    }
    return [+m[1], +m[2]];
  }

  /** A GUID as ChannelConfig keeps it: lower case, no braces. */
  guid(o: OptTok): string | undefined {
    const g = parseGuid(o.value);
    if (!g) {
      this.ctx.report(
        'TEXT-GUID',
        `${o.key}: invalid GUID "${show(o.value)}": expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`,
        this.valueRange(o),
      );
      return undefined;
    }
    return formatGuid(g, 0);
  }

  status(tok: Token): number | undefined {
    const byName = statusFromName(tok.text);
    if (byName !== undefined) return byName;
    if (/^0x[0-9a-f]{1,8}$/i.test(tok.text)) return parseInt(tok.text, 16) >>> 0;
    this.ctx.report(
      'TEXT-OPTION',
      `unknown status "${show(tok.text)}": use a STATUS_… name or a 0x value of up to 8 digits`,
      this.tokRange(tok),
    );
    return undefined;
  }

  /** FINAL, CONTINUES, none or a number, joined with `|`. */
  flags(o: OptTok): number | undefined {
    let v = 0;
    for (const part of o.value.split('|')) {
      const name = part.toUpperCase();
      if (name === 'FINAL') v |= FLAG_FINAL;
      else if (name === 'CONTINUES') v |= FLAG_CONTINUES;
      else if (name !== 'NONE') {
        const p = parseInt64(part);
        if (!p || p.value < 0n || p.value > 0xffffn) {
          this.ctx.report(
            'TEXT-OPTION',
            `flags=${show(o.value)}: "${show(part)}" is not FINAL, CONTINUES, none or a number 0..0xFFFF`,
            this.valueRange(o),
          );
          return undefined;
        }
        v |= Number(p.value);
      }
    }
    return v;
  }
}
