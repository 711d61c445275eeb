// Hover: on a byte token, literal or label, the field those bytes decode to (name, stream
// offset, raw bytes, value in hex and decimal, GUID, enum and flag names); on a `.chunk` line
// the chunk (kind, sequence, length, CRCs stored vs computed, the status of its restore call);
// on a status name the status and, for STATUS_MORE_PROCESSING_REQUIRED, the NT_SUCCESS trap;
// on a directive or option its documentation.

import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import {
  diagnosticInfo,
  hex,
  flagNames,
  isKnownType,
  isOptionalType,
  formatStatus,
  statusFromName,
  type CallNode,
  type ChunkNode,
  type RawNode,
  type TextRange,
} from '../../core/src';
import { fieldPathAt, type DocContext } from './context';
import { off, rawBytes, valueLines } from './fieldValueLines';
import { userFieldLines } from './userFieldHover';
import { chunkTypeDoc, directiveDoc, explainStatus, trapNote } from './knowledge';
import { tokenAt, type LineSyntax } from './syntax';

/** Markdown with a hard line break (two trailing spaces) between consecutive lines of a paragraph. */
function md(lines: string[], range?: TextRange): Hover {
  const value = lines
    .map((l, i) =>
      l !== '' &&
      l !== '---' &&
      !l.startsWith('- ') &&
      i + 1 < lines.length &&
      lines[i + 1] !== '' &&
      !lines[i + 1].startsWith('- ')
        ? l + '  '
        : l,
    )
    .join('\n');
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}

function chunkTitle(c: ChunkNode): string {
  return `chunk ${c.index + 1} ${c.typeName}${c.header ? ` (seq ${c.header.sequence})` : ''}, call ${c.call + 1}`;
}

function fieldHover(ctx: DocContext, offset: number, range: TextRange | undefined, label?: string): Hover | null {
  const item = ctx.itemAtByte(offset);
  if (!item) return null;
  const b = ctx.doc.bytes;
  if (item.kind === 'raw')
    return md(
      [
        `**Raw bytes** — call ${item.call + 1}`,
        '',
        `Stream offset ${off(offset)} · block ${off(item.bytes.start)}…${off(item.bytes.end)}`,
        `Byte: ${rawBytes(b, offset, offset + 1)}`,
        '',
        item.reason,
      ],
      range,
    );
  const c = item;
  let path = fieldPathAt(c.headerFields, offset);
  const isHeader = path.length > 0;
  if (!isHeader) path = fieldPathAt(c.payloadFields, offset);
  const f = path[path.length - 1];
  if (!f) {
    if (offset >= c.paddingBytes.start && offset < c.paddingBytes.end) {
      return md(
        [
          `**Padding** — ${chunkTitle(c)}`,
          '',
          `Stream offset ${off(offset)} · ${c.paddingBytes.end - c.paddingBytes.start} byte(s) of alignment padding to 8; must be zero.`,
          `Bytes: ${rawBytes(b, c.paddingBytes.start, c.paddingBytes.end)}`,
        ],
        range,
      );
    }
    return md([`**${chunkTitle(c)}**`, '', `Stream offset ${off(offset)}`], range);
  }
  const name = path.map((p) => p.name).join('.');
  const lines = [`**${name}** · ${f.type} — ${isHeader ? 'header of ' : ''}${chunkTitle(c)}`];
  if (label && label !== f.name && label !== name) lines.push(`Label \`${label}:\``);
  lines.push('');
  const base = isHeader ? c.headerBytes.start : c.payloadBytes.start;
  lines.push(
    `Stream offset ${off(f.bytes.start)} · ${isHeader ? 'header' : 'payload'} offset ${f.bytes.start - base} · ${f.bytes.end - f.bytes.start} byte(s)`,
  );
  if (f.type !== 'group') lines.push(`Bytes: ${rawBytes(b, f.bytes.start, f.bytes.end)}`);
  if (f.type === 'bytes' && f.bytes.end - f.bytes.start > 1)
    lines.push(
      `This byte: ${off(offset)} = \`${(b[offset] ?? 0).toString(16).padStart(2, '0')}\` (field byte ${offset - f.bytes.start})`,
    );
  lines.push(...valueLines(ctx, f, c, isHeader));
  lines.push(...userFieldLines(f));
  for (const p of ctx.problems) {
    if (
      p.bytes &&
      p.bytes.start < f.bytes.end &&
      f.bytes.start < Math.max(p.bytes.end, p.bytes.start + 1) &&
      p.severity !== 'info'
    ) {
      lines.push('', `⚠ ${p.code}: ${p.message}`);
    }
  }
  return md(lines, range);
}

function crcLine(what: string, stored: number | undefined, computed: number | undefined): string {
  if (stored === undefined) return `${what}: not present`;
  if (computed === undefined) return `${what}: stored \`${hex(stored, 8)}\` · not computed (chunk incomplete)`;
  return `${what}: stored \`${hex(stored, 8)}\` · computed \`${hex(computed, 8)}\` — ${stored === computed ? 'match' : '**mismatch**'}`;
}

export function callStatusLines(ctx: DocContext, call: CallNode | undefined): string[] {
  if (!call) return [];
  const t = ctx.callTrace(call.index);
  if (!t) return [`Restore call ${call.index + 1} never ran: an earlier step ended the run.`];
  const lines = [
    `Restore call ${call.index + 1} (VmbChannelRestoreFromBuffer, ${call.size} bytes) returned **${formatStatus(t.status)}**`,
    '',
    ...explainStatus(t.status).slice(2),
  ];
  if (t.failure) lines.push('', `Failure: ${t.failure.code} — ${t.failure.message}`);
  if (t.expect)
    lines.push(
      '',
      t.expect.ok
        ? `Matches its \`.expect ${formatStatus(t.expect.status)}\`.`
        : `Its \`.expect\` wants ${formatStatus(t.expect.status)}${t.expect.diag ? ` with ${t.expect.diag}` : ''}: **mismatch**.`,
    );
  return lines;
}

export function chunkLines(ctx: DocContext, c: ChunkNode): string[] {
  const h = c.header;
  // Chunks and calls numbered from 1, the header Sequence always labelled seq (docs/format.md §4).
  const lines = [`**chunk ${c.index + 1} ${c.typeName}** — call ${c.call + 1}`];
  if (h) {
    const kind = isKnownType(h.type)
      ? isOptionalType(h.type)
        ? 'optional'
        : 'mandatory'
      : isOptionalType(h.type)
        ? 'unknown optional: skipped'
        : 'unknown mandatory';
    lines.push(
      '',
      `Type \`${hex(h.type, 4)}\` (${kind})${chunkTypeDoc(c.typeName) ? ` — ${chunkTypeDoc(c.typeName)}` : ''}`,
    );
    lines.push(
      `seq ${h.sequence} · PayloadLength ${h.payloadLength} B · chunk ${c.bytes.end - c.bytes.start} B at stream offset ${off(c.bytes.start)}`,
    );
    lines.push(
      `Flags \`${hex(h.flags, 4)}\`: ${flagNames(h.flags).join(' | ') || 'none'} · version ${h.versionMajor}.${h.versionMinor} · HeaderSize ${h.headerSize}`,
    );
    lines.push(
      crcLine('Header CRC-32C', h.headerCrc, c.computedHeaderCrc),
      crcLine('Payload CRC-32C', c.complete ? h.payloadCrc : undefined, c.computedPayloadCrc),
    );
  } else {
    lines.push('', `Partial header: the buffer ends ${c.bytes.end - c.bytes.start} byte(s) into it.`);
  }
  if (!c.complete) lines.push('Incomplete: the restore buffer ends inside this chunk.');
  if (c.typeName === 'PENDING_MESSAGE') {
    // Saved order is stream order; a server delivers them in it after restore (docs/format.md §4).
    const all = ctx.doc.chunks.filter((x) => x.typeName === 'PENDING_MESSAGE');
    lines.push(
      `Pending message ${all.indexOf(c) + 1} of ${all.length}: after restore a server delivers them to the guest in this order, before anything new.`,
    );
  }
  const call = ctx.doc.calls[c.call];
  lines.push('', ...callStatusLines(ctx, call));
  return lines;
}

function rawLines(r: RawNode): string[] {
  return [
    `**Raw bytes** — call ${r.call + 1}`,
    '',
    `${r.bytes.end - r.bytes.start} B at stream offset ${off(r.bytes.start)}: ${r.reason}`,
  ];
}

function tokRange(ctx: DocContext, start: number, end: number): TextRange {
  return { start: ctx.lines.positionAt(start), end: ctx.lines.positionAt(end) };
}

function directiveHover(ctx: DocContext, s: LineSyntax, offset: number): Hover | null {
  const hit = tokenAt(s, offset);
  const name = s.directive!.text.toLowerCase();
  const doc = directiveDoc(name);
  if (!hit) return null;
  const range = tokRange(ctx, hit.tok.start, hit.tok.end);
  const chunk = name === '.chunk' ? ctx.chunkAtLine(s.line) : undefined;
  if (hit.kind === 'directive') {
    const lines = doc ? [`\`${doc.signature}\``, '', doc.doc] : [`Unknown directive \`${hit.tok.text}\``];
    if (chunk) lines.push('', '---', '', ...chunkLines(ctx, chunk));
    if (name === '.call') {
      const call = ctx.doc.calls.find((c) => c.text?.start.line === s.line);
      if (call) lines.push('', '---', '', ...callStatusLines(ctx, call));
    }
    if (name === '.expect' || name === '.expect-end') lines.push('', ...expectLines(ctx, s));
    if (name === '.op') lines.push('', ...opLines(ctx, s));
    if (name === '.channel' || name === '.stream') lines.push('', ...settingsLines(ctx, name));
    return md(lines, range);
  }
  if (hit.kind !== 'arg') return null;
  const arg = hit.tok;
  if (!arg.key) {
    if (name === '.expect' || name === '.expect-end') {
      const status =
        statusFromName(arg.text) ?? (/^0x[0-9a-f]{1,8}$/i.test(arg.text) ? parseInt(arg.text, 16) >>> 0 : undefined);
      if (status === undefined) return md([`Unknown status \`${arg.text}\``], range);
      return md([...explainStatus(status), '', ...expectLines(ctx, s, status)], range);
    }
    if (chunk) return md(chunkLines(ctx, chunk), range);
    return doc ? md([`\`${doc.signature}\``, '', doc.doc], range) : null;
  }
  const opt = doc?.options.find((o) => o.key.toLowerCase() === arg.key!.toLowerCase());
  const lines = [`\`${arg.key}=\` — ${opt ? opt.doc : 'unknown option'}`];
  if (arg.key.toLowerCase() === 'diag') {
    const info = diagnosticInfo(arg.value.toUpperCase());
    if (info) lines.push('', `**${info.code}**: ${info.title}${info.status ? ` → ${info.status}` : ''}`);
  }
  if (chunk && opt?.field) {
    const f = chunk.headerFields.find((x) => x.name === opt.field);
    if (f)
      lines.push('', ...(fieldHover(ctx, f.bytes.start, undefined)?.contents as { value: string }).value.split('\n'));
  }
  return md(lines, range);
}

function opLines(ctx: DocContext, s: LineSyntax): string[] {
  const step = ctx.doc.steps.findIndex((st) => st.kind === 'op' && st.text?.start.line === s.line);
  const t = ctx.analysis.trace.find((x) => x.kind === 'op' && x.step === step);
  if (!t || t.kind !== 'op') return ['This operation never ran: an earlier step ended the run.'];
  if (!t.ok) return [`**Refused** — ${t.message}`];
  const head = t.message.split(' After restore the server:')[0];
  if (t.afterRestore?.length) return [head, '', 'After restore the server:', ...t.afterRestore.map((a) => `- ${a}`)];
  if (t.warning) return [head, '', `**${t.warning.code}** — ${t.warning.message}`];
  return [t.message];
}

/** The channel and stream settings the run used (directives, else the vmbstate.* settings). */
function settingsLines(ctx: DocContext, name: string): string[] {
  if (name === '.stream') {
    const st = ctx.doc.stream;
    return [
      `In effect: version ${st.versionMajor}.${st.versionMinor} · maxpayload ${hex(st.maxPayload, 8)} (${st.maxPayload})`,
    ];
  }
  const ch = ctx.doc.channel;
  const parts = [
    `state ${ch.state}`,
    `handle ${ch.handle}`,
    `packet callbacks ${ch.packetCallbacks ? 'yes' : 'no'}`,
    `profile ${ch.profile}`,
  ];
  if (ch.interfaceType) parts.push(`interface {${ch.interfaceType}}`);
  if (ch.interfaceInstance) parts.push(`instance {${ch.interfaceInstance}}`);
  if (ch.subchannelIndex !== undefined) parts.push(`subchannel ${ch.subchannelIndex}`);
  if (ch.trusted !== undefined) parts.push(`trusted ${ch.trusted ? 'yes' : 'no'}`);
  if (ch.monitorId !== undefined) parts.push(`monitorId ${ch.monitorId}`);
  if (ch.expectOpen !== undefined) parts.push(`open ${ch.expectOpen ? 'yes' : 'no'}`);
  if (ch.maxVmbusVersion !== undefined)
    parts.push(`maxVmbusVersion ${ch.maxVmbusVersion >>> 16}.${ch.maxVmbusVersion & 0xffff}`);
  if (ch.maxFeatureFlags !== undefined) parts.push(`maxFeatureFlags ${hex(ch.maxFeatureFlags, 8)}`);
  return [`In effect: ${parts.join(' · ')}`];
}

/** What the call an `.expect` asserts returned, with the NT_SUCCESS note unless `explained` already gave it. */
function expectLines(ctx: DocContext, s: LineSyntax, explained?: number): string[] {
  if (s.directive!.text.toLowerCase() === '.expect-end') {
    const o = ctx.analysis.outcome;
    return [`The run ended with **${formatStatus(o.status)}**.`];
  }
  const call = ctx.doc.calls.find((c) => c.expect?.text?.start.line === s.line);
  if (!call) return [];
  const t = ctx.callTrace(call.index);
  if (!t) return [`Restore call ${call.index + 1} never ran.`];
  const lines = [
    `Restore call ${call.index + 1} returned **${formatStatus(t.status)}**${t.failure ? ` (${t.failure.code})` : ''}${t.expect ? (t.expect.ok ? ' — as expected.' : ' — **not what `.expect` says**.') : '.'}`,
  ];
  const note = t.status !== explained ? trapNote(t.status) : undefined;
  if (note) lines.push('', note);
  return lines;
}

export function hover(ctx: DocContext, pos: Position): Hover | null {
  if (pos.line < 0 || pos.line >= ctx.lines.lineCount) return null;
  const s = ctx.syntax.line(pos.line);
  const offset = ctx.lines.offsetAt(pos);
  if (s.comment && offset >= s.comment.start) return null;
  if (s.kind === 'directive') return directiveHover(ctx, s, offset);
  if (s.kind !== 'body') return null;
  const hit = tokenAt(s, offset);
  if (!hit || hit.kind !== 'body') return null;
  const tok = hit.tok;
  const range = tokRange(ctx, tok.start, tok.end);
  if (tok.kind === 'label') {
    // A label names the bytes of the literal after it.
    const next = s.body.slice(hit.index + 1).find((t) => t.kind !== 'label');
    if (!next) return md([`Label \`${tok.text}\` with no value after it on this line.`], range);
    const at = ctx.byteAt(ctx.lines.positionAt(next.start));
    return at === undefined ? null : fieldHover(ctx, at, range, tok.text.slice(0, -1));
  }
  const at = ctx.byteAt(pos) ?? ctx.byteAt(ctx.lines.positionAt(tok.start));
  if (at === undefined) return null;
  return fieldHover(ctx, at, range);
}

export { chunkLines as chunkHoverLines, rawLines };
