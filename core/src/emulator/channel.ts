// A model of a KMCL server channel and VmbChannelRestoreFromBuffer (docs/format.md, "Emulated
// restore"). Emulator semantics: the real driver's checks are not public; these follow the
// documented call contract and our VBSS v1 format.

import { inspectChunk, type ChunkIssue } from '../chunkCheck';
import { concatBytes } from '../bytes';
import { crc32c } from '../crc32c';
import { statusForCode, type DiagnosticCode } from '../diagnostics';
import { hex } from '../fieldReader';
import { chunkTypeName, CHUNK_TYPES, DEFAULT_MAX_PAYLOAD, FLAG_CONTINUES, HEADER_SIZE, OFF } from '../layout';
import {
  DEFAULT_LIMITS,
  type ByteRange,
  type ChannelConfig,
  type ChannelLifecycle,
  type ChannelLimits,
  type ChannelOpName,
} from '../model';
import { STATUS } from '../ntstatus';
import { CHANNEL_STATES, decodePayload, GPADL_STATES, type PayloadRecord } from '../payload';
import { mayFollow, ORDER_TEXT, RANK } from './order';
import { Draft, emptyState, type RestoredState } from './restoredState';

export type RestorePhase = 'Idle' | 'InProgress' | 'Restored' | 'Failed';

export interface RestoreFinding {
  code: DiagnosticCode;
  message: string;
  severity: 'error' | 'warning';
  /** Stream offsets (buffer offset + the call's origin). */
  bytes?: ByteRange;
  related?: { message: string; bytes: ByteRange }[];
}

export interface ExaminedChunk {
  /** Stream offset of the chunk. */
  at: number;
  span: number;
  type: number;
  sequence: number;
  applied: boolean;
}

export interface RestoreCallResult {
  status: number;
  failure?: RestoreFinding;
  /** An argument or state check refused the call: nothing changed, the restore phase included. */
  refused?: boolean;
  warnings: RestoreFinding[];
  chunks: ExaminedChunk[];
  phase: RestorePhase;
  lifecycle: ChannelLifecycle;
}

export interface OperationResult {
  ok: boolean;
  message: string;
  lifecycle: ChannelLifecycle;
  phase: RestorePhase;
}

class Failure {
  constructor(readonly finding: RestoreFinding) {}
}

const fieldAt = (at: number, off: number, len: number): ByteRange => ({ start: at + off, end: at + off + len });

export class EmulatedChannel {
  private _lifecycle: ChannelLifecycle;
  private _phase: RestorePhase = 'Idle';
  private _state: RestoredState = emptyState();
  /** Stream offset of the committed BEGIN and of each GPADL, for related locations. */
  private beginAt?: number;
  private readonly limits: ChannelLimits;

  constructor(readonly config: ChannelConfig) {
    this._lifecycle = config.state;
    this.limits = { ...DEFAULT_LIMITS, ...config.limits };
  }

  get lifecycle(): ChannelLifecycle {
    return this._lifecycle;
  }
  get phase(): RestorePhase {
    return this._phase;
  }
  get state(): Readonly<RestoredState> {
    return this._state;
  }

  /** Channel lifecycle calls between restore calls (`.op` in the text form). */
  operation(op: ChannelOpName): OperationResult {
    const from = this._lifecycle;
    const bad = (why: string): OperationResult => ({
      ok: false,
      message: `${op} ignored: ${why}.`,
      lifecycle: from,
      phase: this._phase,
    });
    switch (op) {
      case 'Enable':
        if (from !== 'Disabled') return bad(`the channel is ${from}, Enable needs Disabled`);
        this._lifecycle = 'Enabled';
        break;
      case 'Disable':
        if (from === 'Disabled') return bad('the channel is already Disabled');
        this._lifecycle = 'Disabled';
        break;
      case 'Start':
        if (from !== 'Enabled' && from !== 'Paused')
          return bad(`the channel is ${from}, Start needs Enabled or Paused`);
        this._lifecycle = 'Started';
        break;
      case 'Pause':
        if (from !== 'Started') return bad(`the channel is ${from}, Pause needs Started`);
        this._lifecycle = 'Paused';
        break;
      case 'Cleanup':
        if (from !== 'Disabled') return bad(`the channel is ${from}, VmbChannelCleanup needs Disabled`);
        // Emulator semantics: Cleanup, then a fresh allocation with the same configuration.
        this._phase = 'Idle';
        this._state = emptyState();
        this.beginAt = undefined;
        break;
    }
    return {
      ok: true,
      message: `${op}: ${from} → ${this._lifecycle}, restore ${this._phase}.`,
      lifecycle: this._lifecycle,
      phase: this._phase,
    };
  }

  /**
   * VmbChannelRestoreFromBuffer(Channel, Buffer, BufferSize). `buffer` null models a NULL Buffer;
   * `origin` is the stream offset of buffer[0], used only to report findings in stream offsets.
   */
  restoreFromBuffer(buffer: Uint8Array | null, bufferSize: number, origin = 0): RestoreCallResult {
    const chunks: ExaminedChunk[] = [];
    const warnings: RestoreFinding[] = [];
    const result = (status: number, failure?: RestoreFinding): RestoreCallResult => ({
      status,
      failure,
      warnings,
      chunks,
      phase: this._phase,
      lifecycle: this._lifecycle,
    });
    // Argument and state checks leave the restore as it was.
    const refuse = (code: DiagnosticCode, message: string): RestoreCallResult => ({
      ...result(statusForCode(code, this.config.profile), { code, message, severity: 'error' }),
      refused: true,
    });
    if (this.config.handle === 'null')
      return refuse('ARG-CHANNEL', 'Channel is NULL: VmbChannelRestoreFromBuffer needs the VMBCHANNEL being restored.');
    if (buffer === null) return refuse('ARG-BUFFER', 'Buffer is NULL.');
    if (bufferSize === 0)
      return refuse('ARG-SIZE0', 'BufferSize is 0: a restore buffer holds at least one whole chunk.');
    if (this._lifecycle !== 'Disabled')
      return refuse(
        'STATE-ENABLED',
        `The channel is ${this._lifecycle}: restore runs on an allocated, configured, still Disabled channel, before VmbChannelEnable.`,
      );
    if (this._phase === 'Restored')
      return refuse(
        'STATE-DONE',
        'Restore already returned STATUS_SUCCESS for this channel: there is nothing more to restore.',
      );
    if (this._phase === 'Failed')
      return refuse(
        'STATE-FAILED',
        'An earlier restore call failed; the channel stays failed until VmbChannelCleanup.',
      );

    const fail = (f: RestoreFinding) => {
      this._phase = 'Failed';
      return result(statusForCode(f.code, this.config.profile), f);
    };
    if (bufferSize > buffer.length) {
      return fail({
        code: 'SIZE-OVERRUN',
        severity: 'error',
        message: `BufferSize ${bufferSize} is larger than the ${buffer.length} byte(s) the buffer holds.`,
        bytes: { start: origin, end: origin + buffer.length },
      });
    }
    const view = bufferSize === buffer.length ? buffer : buffer.subarray(0, bufferSize);
    const draft = new Draft(this._state);
    let pos = 0;
    try {
      while (pos < bufferSize) pos += this.restoreChunk(view, pos, origin, draft, chunks, warnings);
    } catch (e) {
      // The draft shares the committed continuation's fragment list: take back what it added.
      draft.discard();
      if (e instanceof Failure) return fail(e.finding);
      throw e;
    }
    this._state = draft.commit();
    for (const c of chunks) c.applied = true;
    if (this._state.final) {
      this._phase = 'Restored';
      return result(STATUS.STATUS_SUCCESS);
    }
    this._phase = 'InProgress';
    return result(STATUS.STATUS_MORE_PROCESSING_REQUIRED);
  }

  /** Validate one chunk against the draft and apply it there; returns its span or throws Failure. */
  private restoreChunk(
    b: Uint8Array,
    pos: number,
    origin: number,
    d: Draft,
    chunks: ExaminedChunk[],
    warnings: RestoreFinding[],
  ): number {
    const s = d.s;
    const ins = inspectChunk(b, pos, b.length, {
      maxPayload: s.begin?.maxPayloadLength ?? DEFAULT_MAX_PAYLOAD,
      streamVersion: s.version,
      continuing: s.continuation !== undefined,
    });
    const at = origin + pos;
    const abs = (r: ByteRange): ByteRange => ({ start: origin + r.start, end: origin + r.end });
    const toFinding = (i: ChunkIssue): RestoreFinding => ({
      code: i.code,
      message: i.message,
      severity: i.severity,
      bytes: abs(i.bytes),
      ...(i.related ? { related: i.related.map((x) => ({ message: x.message, bytes: abs(x.bytes) })) } : {}),
    });
    const stop = (
      code: DiagnosticCode,
      message: string,
      bytes: ByteRange,
      related?: RestoreFinding['related'],
    ): never => {
      throw new Failure({ code, message, severity: 'error', bytes, ...(related ? { related } : {}) });
    };
    const firstOf = (phase: IssuePhase) => ins.issues.find((i) => i.severity === 'error' && phaseOf(i.code) === phase);

    const h = ins.header;
    if (h) chunks.push({ at, span: ins.span, type: h.type, sequence: h.sequence, applied: false });
    const frameIssue = firstOf('frame');
    if (frameIssue) throw new Failure(toFinding(frameIssue));
    if (!h) throw new Error('inspectChunk returned no header without an issue');
    for (const w of ins.issues) if (w.severity === 'warning') warnings.push(toFinding(w));

    // Sequence.
    const seqField = fieldAt(at, OFF.sequence, 4);
    const chunkRef = (message: string, off: number | undefined) =>
      off === undefined ? undefined : [{ message, bytes: { start: off, end: off + HEADER_SIZE } }];
    if (s.final)
      stop(
        'SEQ-AFTER-FINAL',
        `${chunkTypeName(h.type)} (sequence ${h.sequence}) comes after the FINAL chunk: the stream has ended.`,
        fieldAt(at, 0, ins.headerLen),
        chunkRef('The FINAL chunk', s.finalAt),
      );
    if (s.rank === -1) {
      if (h.type !== CHUNK_TYPES.BEGIN || h.sequence !== 0)
        stop(
          'SEQ-FIRST',
          `The first chunk restored must be BEGIN with sequence 0; this is ${chunkTypeName(h.type)} with sequence ${h.sequence}.`,
          fieldAt(at, OFF.type, 8),
        );
    } else if (h.sequence > s.nextSequence) {
      stop(
        'SEQ-GAP',
        `Sequence ${h.sequence}, expected ${s.nextSequence}: ${h.sequence - s.nextSequence} chunk(s) are missing before this ${chunkTypeName(h.type)}.`,
        seqField,
        chunkRef(`The last chunk restored (sequence ${s.nextSequence - 1})`, d.chunkOffset(s.nextSequence - 1)),
      );
    } else if (h.sequence < s.nextSequence) {
      stop(
        'SEQ-DUPLICATE',
        `Sequence ${h.sequence} was already restored (expected ${s.nextSequence}): a buffer was passed twice or chunks repeat.`,
        seqField,
        chunkRef(`Sequence ${h.sequence} was restored here`, d.chunkOffset(h.sequence)),
      );
    }

    // Type and order.
    const typeIssue = firstOf('type');
    if (typeIssue) throw new Failure(toFinding(typeIssue));
    const flagsField = fieldAt(at, OFF.flags, 2);
    const continues = (h.flags & FLAG_CONTINUES) !== 0;
    const cont = s.continuation;
    if ((h.type === CHUNK_TYPES.BEGIN || h.type === CHUNK_TYPES.END) && continues)
      stop('SEQ-CONTINUATION', `${chunkTypeName(h.type)} cannot carry CONTINUES: it is never split.`, flagsField);
    if (cont && h.type !== cont.type)
      stop(
        'SEQ-CONTINUATION',
        `A ${chunkTypeName(cont.type)} record flagged CONTINUES is unfinished, but the next chunk is ${chunkTypeName(h.type)}.`,
        fieldAt(at, OFF.type, 2),
      );
    const rank = RANK[h.type];
    if (!cont && rank !== undefined) {
      if (rank === 0 && s.rank !== -1)
        stop('SEQ-ORDER', 'A second BEGIN: a stream has exactly one.', fieldAt(at, OFF.type, 2));
      if (rank !== 0 && !mayFollow(rank, s.rank)) {
        const prev = Object.keys(RANK).find((k) => RANK[+k] === s.rank);
        stop(
          'SEQ-ORDER',
          `${chunkTypeName(h.type)} cannot follow ${prev ? chunkTypeName(+prev) : 'nothing'}: the order is ${ORDER_TEXT} (optional chunks anywhere between).`,
          fieldAt(at, OFF.type, 2),
        );
      }
    }

    // Content.
    const contentIssue = firstOf('content');
    if (contentIssue) throw new Failure(toFinding(contentIssue));
    const pStart = pos + ins.headerLen;
    const pEnd = pStart + h.payloadLength;
    let record = ins.payload?.record;
    if (continues || cont) {
      const parts = cont ? cont.parts : [];
      parts.push(b.slice(pStart, pEnd));
      if (continues) {
        s.continuation = { type: h.type, parts, firstChunk: cont ? cont.firstChunk : at };
      } else {
        s.continuation = undefined;
        const joined = concatBytes(parts);
        const dec = decodePayload(h.type, joined, 0, joined.length, false);
        const bad = dec.issues[0];
        if (bad)
          stop(bad.code, `Record joined from ${parts.length} CONTINUES chunks: ${bad.message}`, {
            start: origin + pStart,
            end: origin + pEnd,
          });
        record = dec.record;
      }
    }
    if (record && !continues) this.apply(record, d, at, ins.headerLen, origin + pStart, stop);
    if (rank !== undefined && !cont) s.rank = rank;
    if (h.type === CHUNK_TYPES.BEGIN) s.version = { major: h.versionMajor, minor: h.versionMinor };
    s.streamCrc = crc32c(b, pos, pos + ins.span, s.streamCrc);
    s.chunks++;
    s.nextSequence = h.sequence + 1;
    d.addedChunkAt.push(at);
    if (h.type === CHUNK_TYPES.END) {
      s.final = true;
      s.finalAt = at;
    }
    return ins.span;
  }

  private apply(
    rec: PayloadRecord,
    d: Draft,
    at: number,
    headerLen: number,
    p: number,
    stop: (code: DiagnosticCode, message: string, bytes: ByteRange, related?: RestoreFinding['related']) => never,
  ): void {
    const s = d.s;
    const f = (off: number, len: number): ByteRange => ({ start: p + off, end: p + off + len });
    switch (rec.type) {
      case 'BEGIN': {
        const c = this.config;
        const v = rec.v;
        if (c.interfaceType && c.interfaceType !== v.interfaceType)
          stop(
            'CONTENT-IDENTITY',
            `InterfaceType {${v.interfaceType}} is not the channel's {${c.interfaceType}}.`,
            f(0, 16),
          );
        if (c.interfaceInstance && c.interfaceInstance !== v.interfaceInstance)
          stop(
            'CONTENT-IDENTITY',
            `InterfaceInstance {${v.interfaceInstance}} is not the channel's {${c.interfaceInstance}}.`,
            f(16, 16),
          );
        if (c.subchannelIndex !== undefined && c.subchannelIndex !== v.subchannelIndex)
          stop(
            'CONTENT-IDENTITY',
            `SubchannelIndex ${v.subchannelIndex} is not the channel's ${c.subchannelIndex}.`,
            f(32, 2),
          );
        s.begin = v;
        this.beginAt = at;
        break;
      }
      case 'OFFER':
        s.offer = rec.v;
        break;
      case 'CHANNEL_STATE':
        s.channelState = rec.v;
        break;
      case 'GPADL': {
        const g = rec.v;
        if (s.offer && g.channelId !== s.offer.channelId)
          stop(
            'CONTENT-GPADL-CHANNEL',
            `GPADL ${hex(g.gpadlId, 8)} names ChannelId ${g.channelId}; the offered channel is ${s.offer.channelId}.`,
            f(4, 4),
          );
        if (d.gpadl(g.gpadlId))
          stop('CONTENT-GPADL-DUP', `GPADL id ${hex(g.gpadlId, 8)} was already restored.`, f(0, 4));
        if (d.gpadlCount >= this.limits.gpadls)
          stop('RES-LIMIT', `More than ${this.limits.gpadls} GPADLs: the emulated driver's limit.`, f(0, 4));
        d.addedGpadls.set(g.gpadlId, g);
        break;
      }
      case 'PACKET': {
        if (!this.config.packetCallbacks)
          stop(
            'STATE-NOCALLBACKS',
            'A PACKET chunk needs EvtVmbChannelSavePacket/RestorePacket callbacks (VmbServerChannelInitSetSaveRestorePacketCallbacks); none were registered.',
            { start: at + OFF.type, end: at + OFF.type + 2 },
          );
        if (d.hasPacket(rec.v.transactionId))
          stop('CONTENT-TXID-DUP', `Packet TransactionId ${rec.v.transactionId} was already restored.`, f(0, 8));
        if (d.packetCount >= this.limits.packets)
          stop('RES-LIMIT', `More than ${this.limits.packets} packets: the emulated driver's limit.`, f(0, 8));
        d.addedPackets.set(rec.v.transactionId, rec.v);
        break;
      }
      case 'PENDING_MESSAGE':
        if (s.messages >= this.limits.messages)
          stop('RES-LIMIT', `More than ${this.limits.messages} pending messages: the emulated driver's limit.`, {
            start: at,
            end: at + headerLen,
          });
        s.messages++;
        break;
      case 'NOTE':
        d.addedNotes.push(rec.v.text);
        break;
      case 'RING':
        d.addedRings.push(rec.v);
        break;
      case 'END': {
        const e = rec.v;
        const total = s.chunks + 1;
        if (e.chunkCount !== total)
          stop(
            'CONTENT-CHUNKCOUNT',
            `END says ChunkCount ${e.chunkCount}; ${total} chunks were restored, END included.`,
            f(0, 4),
          );
        if (s.begin && s.begin.chunkCount !== 0 && s.begin.chunkCount !== total) {
          stop(
            'CONTENT-CHUNKCOUNT',
            `BEGIN says ChunkCount ${s.begin.chunkCount}; ${total} chunks were restored, END included.`,
            f(0, 4),
            this.beginAt !== undefined
              ? [{ message: 'BEGIN chunk', bytes: { start: this.beginAt, end: this.beginAt + headerLen } }]
              : undefined,
          );
        }
        if (e.endFlags & 1 && e.streamCrc !== s.streamCrc)
          stop(
            'CRC-STREAM',
            `StreamCrc32c is ${hex(e.streamCrc, 8)}, the CRC-32C of the ${s.chunks} preceding chunks is ${hex(s.streamCrc, 8)}.`,
            f(8, 4),
          );
        const endType = { start: at + OFF.type, end: at + OFF.type + 2 };
        if (s.continuation)
          stop('SEQ-CONTINUATION', 'END arrives while a record flagged CONTINUES is unfinished.', endType);
        this.finalChecks(d, endType, stop);
        break;
      }
    }
  }

  /** Cross-checks once the whole stream is in: the open channel's ring buffer GPADL must be restored and Accepted. */
  private finalChecks(
    d: Draft,
    at: ByteRange,
    stop: (code: DiagnosticCode, message: string, bytes: ByteRange) => never,
  ): void {
    const cs = d.s.channelState;
    if (!cs) return;
    for (const [name, params] of [
      ['OpenParams', cs.open],
      ['ReopenParams', cs.reopen],
    ] as const) {
      if (!params) continue;
      const g = d.gpadl(params.ringGpadlId);
      if (!g)
        stop(
          'CONTENT-RING-GPADL',
          `Channel is ${CHANNEL_STATES[cs.state]} with ${name}.RingGpadlId ${hex(params.ringGpadlId, 8)}, but no GPADL with that id was restored.`,
          at,
        );
      else if (g.state !== 2)
        stop(
          'CONTENT-RING-GPADL',
          `The ring buffer GPADL ${hex(params.ringGpadlId, 8)} is ${GPADL_STATES[g.state] ?? g.state}, not Accepted.`,
          at,
        );
    }
  }
}

type IssuePhase = 'frame' | 'type' | 'content';

/** Where a chunk issue falls in the check order: framing first, then type, then content. */
function phaseOf(code: DiagnosticCode): IssuePhase {
  if (code === 'UNSUP-TYPE') return 'type';
  if (code.startsWith('CONTENT-') || code === 'VER-VMBUS' || code === 'UNSUP-END-FLAGS') return 'content';
  return 'frame';
}
