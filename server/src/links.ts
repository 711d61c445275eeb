// In-document navigation between ids and their chunks (docs/language-server.md, "Navigation"):
// Go to Definition, Find All References and document highlights for GpadlId/RingGpadlId,
// ChannelId and TransactionId fields (idFields.ts), and between a `.call` and its `.expect`.

import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type LocationLink,
  type Position,
} from 'vscode-languageserver';
import type { CallNode, TextRange } from '../../core/src';
import { cmp, contains, type DocContext } from './context';
import { idFieldsOf, idKey, type IdField } from './idFields';
import { blockRange } from './symbols';
import { tokenAt } from './syntax';

/** One place navigation can land on or start from. */
interface Site {
  range: TextRange;
  /** Where Peek shows it: the whole chunk (or call) around `range`. */
  target: TextRange;
  role: 'def' | 'ref';
}

/** The id fields of a document, with their text ranges, by id key; built once per analysed version. */
class IdIndex {
  readonly byKey = new Map<string, IdSite[]>();
  /** Every site in stream order, for the position look-up. */
  readonly all: IdSite[] = [];

  constructor(ctx: DocContext) {
    for (const chunk of ctx.doc.chunks) {
      const ids = idFieldsOf(chunk);
      if (!ids.length) continue;
      const target = chunkRange(ctx, chunk.text, chunk.bytes);
      for (const id of ids) {
        const range = ctx.hexDigitsRange(id.field.bytes) ?? id.field.text ?? ctx.rangeForBytes(id.field.bytes);
        if (!range || !target) continue;
        const site = { range, target, role: id.role, id };
        this.all.push(site);
        const key = idKey(id);
        const list = this.byKey.get(key);
        if (list) list.push(site);
        else this.byKey.set(key, [site]);
      }
    }
  }
}

const indexes = new WeakMap<DocContext, IdIndex>();
const indexOf = (ctx: DocContext) => {
  let i = indexes.get(ctx);
  if (!i) indexes.set(ctx, (i = new IdIndex(ctx)));
  return i;
};

function chunkRange(
  ctx: DocContext,
  text: TextRange | undefined,
  bytes: { start: number; end: number },
): TextRange | undefined {
  const head = text && ctx.firstLine(text);
  if (head && ctx.syntax.directiveOf(head.start.line) === '.chunk') return blockRange(ctx, head);
  return ctx.rangeForBytes(bytes) ?? head;
}

/** The byte a position names: a literal or hex token's own byte, or the value after a `Label:`. */
function byteNamedAt(ctx: DocContext, pos: Position): number | undefined {
  const s = ctx.syntax.line(pos.line);
  if (s.kind !== 'body') return undefined;
  const offset = ctx.lines.offsetAt(pos);
  const hit = tokenAt(s, offset, true);
  if (!hit || hit.kind !== 'body') return undefined;
  if (hit.tok.kind === 'label') {
    const next = s.body.slice(hit.index + 1).find((t) => t.kind !== 'label');
    return next && ctx.byteAt(ctx.lines.positionAt(next.start));
  }
  return ctx.byteAt(pos) ?? ctx.byteAt(ctx.lines.positionAt(hit.tok.start));
}

/** The id field at a position, and every site with the same id. */
type IdSite = Site & { id: IdField };

function idSitesAt(ctx: DocContext, pos: Position): { at: IdSite; same: IdSite[] } | undefined {
  if (pos.line < 0 || pos.line >= ctx.lines.lineCount) return undefined;
  const byte = byteNamedAt(ctx, pos);
  const idx = indexOf(ctx);
  const at =
    byte !== undefined
      ? idx.all.find((s) => byte >= s.id.field.bytes.start && byte < s.id.field.bytes.end)
      : idx.all.find((s) => contains(s.range, pos));
  if (!at) return undefined;
  return { at, same: idx.byKey.get(idKey(at.id)) ?? [at] };
}

/** The call whose `.call` line or `.expect` line is at `line`, and which of the two. */
function callLineAt(ctx: DocContext, line: number): { call: CallNode; on: 'call' | 'expect' } | undefined {
  const d = ctx.syntax.directiveOf(line);
  if (d === '.expect') {
    const call = ctx.doc.calls.find((c) => c.expect?.text?.start.line === line);
    return call && { call, on: 'expect' };
  }
  if (d === '.call') {
    const call = ctx.doc.calls.find((c) => c.text?.start.line === line);
    return call && { call, on: 'call' };
  }
  if (d === '.expect-end') {
    // The run's outcome is the last call that ran.
    for (let i = ctx.analysis.trace.length - 1; i >= 0; i--) {
      const t = ctx.analysis.trace[i];
      if (t.kind === 'call') return { call: ctx.doc.calls[t.call], on: 'expect' };
    }
  }
  return undefined;
}

function callSites(ctx: DocContext, call: CallNode): { call?: Site; expect?: Site } {
  const block = call.text;
  const out: { call?: Site; expect?: Site } = {};
  if (block) {
    const head = ctx.firstLine(block);
    if (ctx.syntax.directiveOf(head.start.line) === '.call') out.call = { range: head, target: block, role: 'def' };
  }
  const e = call.expect?.text;
  if (e) out.expect = { range: ctx.firstLine(e), target: ctx.firstLine(e), role: 'ref' };
  return out;
}

const lineRange = (ctx: DocContext, line: number): TextRange => ({
  start: { line, character: 0 },
  end: { line, character: ctx.lines.lineEnd(line) - ctx.lines.starts[line] },
});

const toLink = (uri: string, origin: TextRange | undefined, s: Site): LocationLink => ({
  ...(origin ? { originSelectionRange: origin } : {}),
  targetUri: uri,
  targetRange: s.target,
  targetSelectionRange: s.range,
});

/**
 * Go to Definition: from an id to the chunk that declares it (a RingGpadlId to its GPADL, a GPADL's
 * ChannelId to the OFFER, a TransactionId to the first PACKET with it), from `.expect` to its
 * `.call` and from `.call` to its `.expect`. LocationLinks when the client takes them, so Peek
 * shows the whole chunk; else Locations of the id field.
 */
export function definition(ctx: DocContext, pos: Position, linkSupport: boolean): LocationLink[] | Location[] | null {
  let from: TextRange | undefined;
  let targets: Site[] = [];
  const ids = idSitesAt(ctx, pos);
  if (ids) {
    from = ids.at.range;
    const defs = ids.same.filter((s) => s.role === 'def');
    // A TransactionId is declared by every PACKET: the first one restored is its definition.
    targets = ids.at.id.kind === 'txid' ? defs.slice(0, 1) : defs;
  } else {
    const c = callLineAt(ctx, pos.line);
    if (!c) return null;
    const sites = callSites(ctx, c.call);
    const to = c.on === 'expect' ? sites.call : sites.expect;
    if (!to) return null;
    from = lineRange(ctx, pos.line);
    targets = [to];
  }
  if (!targets.length) return null;
  if (linkSupport) return targets.map((t) => toLink(ctx.uri, from, t));
  return targets.map((t) => ({ uri: ctx.uri, range: t.range }));
}

/** Find All References: every field with the same id (the declarations too unless excluded); a `.call` and its `.expect`. */
export function references(ctx: DocContext, pos: Position, includeDeclaration: boolean): Location[] | null {
  const ids = idSitesAt(ctx, pos);
  let sites: Site[];
  if (ids) sites = ids.same.filter((s) => includeDeclaration || s.role === 'ref' || ids.at.id.kind === 'txid');
  else {
    const c = callLineAt(ctx, pos.line);
    if (!c) return null;
    const s = callSites(ctx, c.call);
    sites = [...(s.call && includeDeclaration ? [s.call] : []), ...(s.expect ? [s.expect] : [])];
  }
  return sites.sort((a, b) => cmp(a.range.start, b.range.start)).map((s) => ({ uri: ctx.uri, range: s.range }));
}

/** Document highlights: the sites of the id at the cursor (declarations as Write, uses as Read), or a call line and its `.expect`. */
export function documentHighlights(ctx: DocContext, pos: Position): DocumentHighlight[] | null {
  const ids = idSitesAt(ctx, pos);
  if (ids)
    return ids.same.map((s) => ({
      range: s.range,
      kind: s.role === 'def' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  const c = callLineAt(ctx, pos.line);
  if (!c) return null;
  const s = callSites(ctx, c.call);
  return [s.call, s.expect]
    .filter((x): x is Site => !!x)
    .map((x) => ({ range: x.range, kind: DocumentHighlightKind.Text }));
}
