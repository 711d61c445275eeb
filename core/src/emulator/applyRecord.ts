// What a chunk's record does to the restore once it passed the chunk checks: the checks against
// the channel and what was restored before (identity, duplicates, limits, counts, stream CRC), then
// the change to the draft state (docs/format.md, "Emulated restore").

import type { DiagnosticCode } from '../diagnostics';
import { hex } from '../fieldReader';
import { OFF } from '../layout';
import type { ByteRange, ChannelConfig, ChannelLimits, Problem } from '../model';
import { CHANNEL_STATES, GPADL_STATES, type OpenParams, type PayloadRecord } from '../payloadRecords';
import {
  checkGpadlOnRevoked,
  checkMonitorOption,
  checkOpenState,
  checkRingShape,
  checkVersionLimits,
  warnMessageDirection,
  warnOpenParams,
  type Warn,
} from './channelRules';
import type { Stop } from './findings';
import type { Draft } from './restoredState';

/** What applying a record needs of its channel. */
export interface ChannelContext {
  readonly config: ChannelConfig;
  readonly limits: ChannelLimits;
  /** Stream offset of the committed BEGIN, for related locations. */
  beginAt?: number;
  /** Mandatory user-schema failures by chunk stream offset (SavedStateDocument.schemaFailures). */
  readonly schemaFailures?: ReadonlyMap<number, Problem>;
}

/** Check `rec` against the channel and the draft and apply it there; `stop` ends the call. */
export function applyRecord(
  ctx: ChannelContext,
  rec: PayloadRecord,
  d: Draft,
  at: number,
  headerLen: number,
  p: number,
  stop: Stop,
  warn: Warn = () => {},
): void {
  const s = d.s;
  const f = (off: number, len: number): ByteRange => ({ start: p + off, end: p + off + len });
  switch (rec.type) {
    case 'BEGIN': {
      const c = ctx.config;
      const v = rec.v;
      // The connection's version and flags before the channel's identity, as OpenVMM restores them.
      checkVersionLimits(c, v, f, stop);
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
      ctx.beginAt = at;
      break;
    }
    // The state keeps copies of byte fields: the record's are views into the caller's buffer.
    case 'OFFER':
      checkMonitorOption(ctx.config, rec.v, f, stop);
      s.offer = { ...rec.v, userDefined: rec.v.userDefined.slice() };
      break;
    case 'CHANNEL_STATE': {
      warnOpenParams(s.begin, rec.v, f, warn);
      const own = (p?: OpenParams) => p && { ...p, userData: p.userData.slice() };
      s.channelState = {
        state: rec.v.state,
        ...(rec.v.open ? { open: own(rec.v.open) } : {}),
        ...(rec.v.reopen ? { reopen: own(rec.v.reopen) } : {}),
      };
      break;
    }
    case 'GPADL': {
      const g = rec.v;
      if (s.offer && g.channelId !== s.offer.channelId)
        stop(
          'CONTENT-GPADL-CHANNEL',
          `GPADL ${hex(g.gpadlId, 8)} names ChannelId ${g.channelId}; the offered channel is ${s.offer.channelId}.`,
          f(4, 4),
        );
      checkGpadlOnRevoked(s.channelState, g, f, stop);
      if (d.gpadl(g.gpadlId)) stop('CONTENT-GPADL-DUP', `GPADL id ${hex(g.gpadlId, 8)} was already restored.`, f(0, 4));
      if (d.gpadlCount >= ctx.limits.gpadls)
        stop('RES-LIMIT', `More than ${ctx.limits.gpadls} GPADLs: the emulated driver's limit.`, f(0, 4));
      d.addedGpadls.set(g.gpadlId, g);
      break;
    }
    case 'PACKET': {
      if (!ctx.config.packetCallbacks)
        stop(
          'STATE-NOCALLBACKS',
          'A PACKET chunk needs EvtVmbChannelSavePacket/RestorePacket callbacks (VmbServerChannelInitSetSaveRestorePacketCallbacks); none were registered.',
          { start: at + OFF.type, end: at + OFF.type + 2 },
        );
      if (d.hasPacket(rec.v.transactionId))
        stop('CONTENT-TXID-DUP', `Packet TransactionId ${rec.v.transactionId} was already restored.`, f(0, 8));
      if (d.packetCount >= ctx.limits.packets)
        stop('RES-LIMIT', `More than ${ctx.limits.packets} packets: the emulated driver's limit.`, f(0, 8));
      d.addedPackets.set(rec.v.transactionId, {
        ...rec.v,
        libState: rec.v.libState.slice(),
        vspState: rec.v.vspState.slice(),
      });
      break;
    }
    case 'PENDING_MESSAGE':
      if (s.messages >= ctx.limits.messages)
        stop('RES-LIMIT', `More than ${ctx.limits.messages} pending messages: the emulated driver's limit.`, {
          start: at,
          end: at + headerLen,
        });
      warnMessageDirection(rec.v, f, warn);
      s.messages++;
      d.addedMessages.push({ ...rec.v, bytes: rec.v.bytes.slice() });
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
          ctx.beginAt !== undefined
            ? [{ message: 'BEGIN chunk', bytes: { start: ctx.beginAt, end: ctx.beginAt + headerLen } }]
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
      finalChecks(d, endType, stop);
      checkOpenState(ctx.config, s.channelState, endType, stop);
      break;
    }
  }
}

/** Cross-checks once the whole stream is in: the open channel's ring buffer GPADL must be restored, Accepted and ring-shaped. */
function finalChecks(
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
    else checkRingShape(name, params, g, at, stop);
  }
}
