// Restore rules taken from OpenVMM's VMBus server that compare a record with the emulated
// channel's options or with earlier chunks (docs/format.md §4, "Rules from OpenVMM"): version
// limits, the relayed monitor id, open parameters, GPADLs of a revoked channel, pending message
// direction, the ring buffer GPADL's shape and the VSP's expected open state.

import type { DiagnosticCode } from '../diagnostics';
import { hex } from '../fieldReader';
import type { ByteRange, ChannelConfig } from '../model';
import {
  CHANNEL_STATES,
  FEATURE_CONFIDENTIAL,
  HOST_TO_GUEST_MESSAGES,
  MESSAGE_TYPES,
  PAGE_SIZE,
  type BeginRecord,
  type ChannelStateRecord,
  type GpadlRecord,
  type OfferRecord,
  type OpenParams,
} from '../payloadRecords';
import type { Stop } from './findings';

export type Warn = (code: DiagnosticCode, message: string, bytes: ByteRange) => void;
/** A field of the record being applied, by payload offset and length. */
type FieldAt = (off: number, len: number) => ByteRange;

const version = (v: number) => `${v >>> 16}.${v & 0xffff}`;

/** BEGIN against the host's restore limit and trust (OpenVMM VersionInfo::restore): version, then flags. */
export function checkVersionLimits(c: ChannelConfig, v: BeginRecord, f: FieldAt, stop: Stop): void {
  if (c.maxVmbusVersion !== undefined && v.vmbusVersion > c.maxVmbusVersion)
    stop(
      'VER-VMBUS',
      `VmbusVersion ${version(v.vmbusVersion)} is above the channel's maxVmbusVersion ${version(c.maxVmbusVersion)}: this host cannot restore it.`,
      f(36, 4),
    );
  if (v.featureFlags & FEATURE_CONFIDENTIAL && !c.trusted)
    stop(
      'VER-FEATURES',
      `FeatureFlags ${hex(v.featureFlags, 8)} includes 0x10 (confidential channels), which only a trusted connection negotiates: add \`.channel trusted=yes\` if it was one.`,
      f(40, 4),
    );
  if (c.maxFeatureFlags !== undefined && v.featureFlags & ~c.maxFeatureFlags)
    stop(
      'VER-FEATURES',
      `FeatureFlags ${hex(v.featureFlags, 8)} sets ${hex(v.featureFlags & ~c.maxFeatureFlags, 8)}, outside the channel's maxFeatureFlags ${hex(c.maxFeatureFlags, 8)}.`,
      f(40, 4),
    );
}

/** A relayed-MNF offer's monitor id must be the saved one (OpenVMM MismatchedMonitorId). */
export function checkMonitorOption(c: ChannelConfig, v: OfferRecord, f: FieldAt, stop: Stop): void {
  if (c.monitorId === undefined) return;
  if (v.monitorAllocated !== 1 || v.monitorId !== c.monitorId)
    stop(
      'CONTENT-MONITOR-MISMATCH',
      `The channel is offered with monitor id ${c.monitorId}; the saved OFFER has ${v.monitorAllocated === 1 ? `MonitorId ${v.monitorId}` : 'no monitor (MonitorAllocated 0)'}.`,
      f(8, 2),
    );
}

/** Offsets of an open-parameter block's fields (docs/format.md, CHANNEL_STATE). */
const OPEN_AT = { openFlags: 16, eventFlag: 18, hasGuestSignal: 24 };

/** Open parameters that use a feature the connection did not negotiate (OpenVMM handle_open_channel). */
export function warnOpenParams(begin: BeginRecord | undefined, cs: ChannelStateRecord, f: FieldAt, warn: Warn): void {
  const flags = begin?.featureFlags ?? 0;
  const blocks: [string, OpenParams | undefined, number][] = [
    ['OpenParams', cs.open, 8],
    ['ReopenParams', cs.reopen, 8 + 152],
  ];
  for (const [name, p, base] of blocks) {
    if (!p) continue;
    if (p.hasGuestSignal === 1 && !(flags & 0x01))
      warn(
        'WARN-OPEN-PARAMS',
        `${name}.HasGuestSignal is 1, but FeatureFlags ${hex(flags, 8)} lacks 0x01 (guest-specified signal parameters): a server refuses such an open request.`,
        f(base + OPEN_AT.hasGuestSignal, 1),
      );
    if (p.openFlags & ~1)
      warn(
        'WARN-OPEN-PARAMS',
        `${name}.OpenFlags ${hex(p.openFlags, 4)} sets undefined bits ${hex(p.openFlags & ~1, 4)}: only bit 0 (redirect interrupt) is defined.`,
        f(base + OPEN_AT.openFlags, 2),
      );
    else if (p.openFlags && !(flags & 0x02))
      warn(
        'WARN-OPEN-PARAMS',
        `${name}.OpenFlags ${hex(p.openFlags, 4)}, but FeatureFlags ${hex(flags, 8)} lacks 0x02 (channel interrupt redirection): a server refuses such an open request.`,
        f(base + OPEN_AT.openFlags, 2),
      );
    if (p.hasGuestSignal === 0 && (p.eventFlag || p.guestConnectionId))
      warn(
        'WARN-OPEN-PARAMS',
        `${name}.HasGuestSignal is 0, but EventFlag ${p.eventFlag} / GuestConnectionId ${p.guestConnectionId} are set: without a guest signal they mean nothing and should be 0.`,
        f(base + OPEN_AT.eventFlag, 6),
      );
  }
}

/** On a Revoked channel only InProgress and Accepted GPADLs exist (OpenVMM Gpadl::restore, GpadlForRevokedChannel). */
export function checkGpadlOnRevoked(cs: ChannelStateRecord | undefined, g: GpadlRecord, f: FieldAt, stop: Stop): void {
  if (cs?.state !== 5 || (g.state !== 1 && g.state !== 3)) return;
  stop(
    'CONTENT-GPADL-REVOKED',
    `GPADL ${hex(g.gpadlId, 8)} is ${g.state === 1 ? 'Offered' : 'TearingDown'} on a Revoked channel: revoking fails Offered GPADLs and completes TearingDown ones, so only InProgress and Accepted remain.`,
    f(8, 1),
  );
}

/** A pending message a server's outgoing queue cannot hold (OpenVMM MessageSender::send_message). */
export function warnMessageDirection(m: { length: number; type?: number }, f: FieldAt, warn: Warn): void {
  if (m.type === undefined) {
    warn(
      'WARN-MESSAGE-DIRECTION',
      `The pending message is ${m.length} byte(s): shorter than the 8-byte message header, so it has no message type.`,
      f(0, m.length),
    );
    return;
  }
  if (HOST_TO_GUEST_MESSAGES.has(m.type)) return;
  const name = MESSAGE_TYPES[m.type];
  warn(
    'WARN-MESSAGE-DIRECTION',
    name
      ? `MessageType ${m.type} (${name}) is sent by the guest to the host: a server never queues it for the guest.`
      : `MessageType ${m.type} is not a VMBus control message type: a server never queues it.`,
    f(0, 4),
  );
}

/** The ring buffer GPADL's shape (OpenVMM gpadl_ring::make_rings, AlignedGpadlView::new/split). */
export function checkRingShape(name: string, p: OpenParams, g: GpadlRecord, at: ByteRange, stop: Stop): void {
  const id = hex(g.gpadlId, 8);
  const bad = (why: string) =>
    stop('CONTENT-RING-SHAPE', `The ring buffer GPADL ${id} (${name}.RingGpadlId) ${why}.`, at);
  if (g.rangeCount !== 1 || g.ranges.length !== 1) bad(`has ${g.rangeCount} ranges; a ring buffer is one range`);
  const r = g.ranges[0];
  if (r.byteOffset !== 0) bad(`starts at ByteOffset ${hex(r.byteOffset, 3)}; a ring buffer starts on a page (0)`);
  if (r.byteCount % PAGE_SIZE !== 0) bad(`is ${hex(r.byteCount, 8)} bytes, not a whole number of 4096-byte pages`);
  const pages = r.byteCount / PAGE_SIZE;
  if (p.downstreamPageOffset === 0 || p.downstreamPageOffset >= pages)
    bad(
      `has ${pages} page(s), and ${name}.DownstreamPageOffset ${p.downstreamPageOffset} does not split them: it must be 1..${pages - 1} (the guest-to-host ring comes first, the host-to-guest ring starts at that page)`,
    );
}

/** The VSP's open/closed view against the saved state (OpenVMM restore_channel, get_restore_open_params). */
export function checkOpenState(c: ChannelConfig, cs: ChannelStateRecord | undefined, at: ByteRange, stop: Stop): void {
  if (c.expectOpen === undefined || !cs) return;
  const state = CHANNEL_STATES[cs.state];
  if (c.expectOpen && (cs.state === 0 || cs.state === 5))
    stop(
      'STATE-OPEN-MISMATCH',
      `The VSP restores the channel open (\`.channel open=yes\`), but it was saved ${state}: ${cs.state === 0 ? 'there is no open request to restore' : 'a revoked channel cannot be opened'}.`,
      at,
    );
  if (!c.expectOpen && cs.state === 2)
    stop(
      'STATE-OPEN-MISMATCH',
      'The VSP restores the channel closed (`.channel open=no`), but it was saved Open: the guest believes it is open.',
      at,
    );
}
