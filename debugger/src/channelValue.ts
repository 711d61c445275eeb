// The `channel` value of the debugger scope: the emulated channel's lifecycle and restore phase and
// everything restored so far (BEGIN, OFFER, channel state, GPADLs, packets, notes, rings).

import {
  CHANNEL_STATES,
  GPADL_STATES,
  hex,
  hex64,
  RING_DIRECTIONS,
  VMBUS_VERSIONS,
  MESSAGE_TYPES,
  type OpenParams,
} from '../../core/src';
import { Shown, type Value } from './expressionValues';
import { plural } from './printing';
import type { RestoreRuntime } from './restoreRuntime';

function openParams(p: OpenParams): Record<string, Value> {
  return {
    openId: p.openId,
    ringGpadlId: new Shown(p.ringGpadlId, hex(p.ringGpadlId, 8)),
    targetVp: p.targetVp,
    downstreamPageOffset: p.downstreamPageOffset,
    openFlags: new Shown(p.openFlags, hex(p.openFlags, 4)),
    eventFlag: p.eventFlag,
    guestConnectionId: p.guestConnectionId,
    hasGuestSignal: p.hasGuestSignal !== 0,
  };
}

export function channelValue(rt: RestoreRuntime): Shown {
  const ch = rt.session.channel;
  const s = ch.state;
  const o: Record<string, Value> = { lifecycle: ch.lifecycle, phase: ch.phase };
  o.begin = s.begin
    ? new Shown(
        {
          interfaceType: s.begin.interfaceType,
          interfaceInstance: s.begin.interfaceInstance,
          subchannelIndex: s.begin.subchannelIndex,
          vmbusVersion: new Shown(
            s.begin.vmbusVersion,
            `${hex(s.begin.vmbusVersion, 8)}${VMBUS_VERSIONS[s.begin.vmbusVersion] ? ` (${VMBUS_VERSIONS[s.begin.vmbusVersion]})` : ''}`,
          ),
          featureFlags: new Shown(s.begin.featureFlags, hex(s.begin.featureFlags, 8)),
          chunkCount: s.begin.chunkCount,
          maxPayloadLength: s.begin.maxPayloadLength,
          creationTime: new Shown(s.begin.creationTime, hex64(s.begin.creationTime)),
        },
        `{${s.begin.interfaceType}} instance {${s.begin.interfaceInstance}} subchannel ${s.begin.subchannelIndex}`,
      )
    : undefined;
  o.offer = s.offer
    ? new Shown(
        {
          channelId: s.offer.channelId,
          connectionId: s.offer.connectionId,
          monitorId: new Shown(
            s.offer.monitorId,
            s.offer.monitorId === 0xff ? '0xFF (none)' : String(s.offer.monitorId),
          ),
          monitorAllocated: s.offer.monitorAllocated !== 0,
          isDedicated: s.offer.isDedicated,
          offerFlags: new Shown(s.offer.offerFlags, hex(s.offer.offerFlags, 4)),
          mmioMegabytes: s.offer.mmioMegabytes,
          mmioMegabytesOptional: s.offer.mmioMegabytesOptional,
        },
        `ChannelId ${s.offer.channelId}, ConnectionId ${s.offer.connectionId}`,
      )
    : undefined;
  if (s.channelState) {
    const cs = s.channelState;
    const name = CHANNEL_STATES[cs.state] ?? String(cs.state);
    const v: Record<string, Value> = { state: new Shown(cs.state, `${cs.state} (${name})`), stateName: name };
    if (cs.open)
      v.open = new Shown(openParams(cs.open), `OpenId ${cs.open.openId}, ring GPADL ${hex(cs.open.ringGpadlId, 8)}`);
    if (cs.reopen)
      v.reopen = new Shown(
        openParams(cs.reopen),
        `OpenId ${cs.reopen.openId}, ring GPADL ${hex(cs.reopen.ringGpadlId, 8)}`,
      );
    o.channelState = new Shown(v, name);
  } else {
    o.channelState = undefined;
  }
  const gpadls = [...s.gpadls.values()].map((g) => {
    const state = GPADL_STATES[g.state] ?? String(g.state);
    return new Shown(
      {
        gpadlId: new Shown(g.gpadlId, hex(g.gpadlId, 8)),
        channelId: g.channelId,
        state: new Shown(g.state, `${g.state} (${state})`),
        stateName: state,
        rangeCount: g.rangeCount,
        ranges: g.ranges.map(
          (r) =>
            new Shown(
              { byteCount: r.byteCount, byteOffset: r.byteOffset, pfns: r.pfns.map((p) => new Shown(p, hex64(p))) },
              `${r.byteCount} bytes at +${hex(r.byteOffset, 3)} over ${plural(r.pfns.length, 'page')}`,
            ),
        ),
      },
      `${hex(g.gpadlId, 8)} · channel ${g.channelId} · ${state} · ${plural(g.rangeCount, 'range')}`,
    );
  });
  o.gpadls = new Shown(gpadls, plural(gpadls.length, 'GPADL'));
  const packets = [...s.packets.values()].map(
    (p) =>
      new Shown(
        {
          transactionId: new Shown(p.transactionId, hex64(p.transactionId)),
          libStateLength: p.libStateLength,
          vspStateLength: p.vspStateLength,
        },
        `TransactionId ${p.transactionId}`,
      ),
  );
  o.packets = new Shown(packets, plural(packets.length, 'packet'));
  o.messages = s.messages;
  // In saved order: a server delivers them to the guest first after restore (docs/format.md §4).
  o.pendingMessages = new Shown(
    s.pendingMessages.map((m, i) => {
      const name = m.type === undefined ? 'no type' : (MESSAGE_TYPES[m.type] ?? 'unknown type');
      return new Shown(
        {
          order: i + 1,
          type: m.type === undefined ? undefined : new Shown(m.type, `${m.type} (${name})`),
          length: m.length,
        },
        `${i + 1}. ${name}, ${plural(m.length, 'byte')}`,
      );
    }),
    plural(s.pendingMessages.length, 'pending message'),
  );
  o.notes = new Shown([...s.notes], plural(s.notes.length, 'note'));
  o.rings = new Shown(
    s.rings.map(
      (r) =>
        new Shown(
          {
            direction: RING_DIRECTIONS[r.direction] ?? r.direction,
            ringPageCount: r.ringPageCount,
            writeIndex: r.writeIndex,
            readIndex: r.readIndex,
          },
          `${RING_DIRECTIONS[r.direction] ?? r.direction} write ${r.writeIndex} read ${r.readIndex}`,
        ),
    ),
    plural(s.rings.length, 'ring snapshot'),
  );
  o.chunksConsumed = s.chunks;
  o.nextSequence = s.nextSequence;
  o.streamCrc = new Shown(s.streamCrc >>> 0, hex(s.streamCrc, 8));
  o.version = s.version ? `${s.version.major}.${s.version.minor}` : undefined;
  o.final = s.final;
  o.continuation = s.continuation
    ? new Shown(
        { type: s.continuation.type, fragments: s.continuation.parts.length },
        `unfinished record, ${plural(s.continuation.parts.length, 'fragment')}`,
      )
    : undefined;
  return new Shown(o, `${ch.lifecycle} · restore ${ch.phase} · ${plural(s.chunks, 'chunk')} consumed`);
}
