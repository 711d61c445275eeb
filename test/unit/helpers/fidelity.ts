// Text-form building blocks for the emulator-fidelity tests: one chunk per restore call, every
// count and CRC computed, so a test changes only the field it is about.
import { analyze, statusName, text, type Analysis, type Problem } from '../../../core/src';

export const BEGIN = (version = '0x00050000', flags = '0') => `.chunk BEGIN
  InterfaceType: guid:{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}  InterfaceInstance: guid:{11111111-2222-3333-4444-555555555555}
  SubchannelIndex: u16:0  Reserved: u16:0  VmbusVersion: u32:${version}  FeatureFlags: u32:${flags}
  ChunkCount: u32:auto  MaxPayloadLength: u32:0x10000  Reserved: u32:0  CreationTime: u64:0
.end`;

export const OFFER = (channelId = 17, monitorId = 0xff, allocated = 0) => `.chunk OFFER
  ChannelId: u32:${channelId}  ConnectionId: u32:17  MonitorId: u8:${monitorId}  MonitorAllocated: u8:${allocated}
  IsDedicated: u16:0  OfferFlags: u16:0  MmioMegabytes: u16:0  MmioMegabytesOpt: u16:0  Reserved: u16:0  UserDefined: zero:120
.end`;

export interface OpenOpts {
  ring?: number;
  offset?: number;
  flags?: number;
  eventFlag?: number;
  connection?: number;
  signal?: number;
}
export const OPEN = (o: OpenOpts = {}) =>
  `  OpenId: u32:1  RingGpadlId: u32:${o.ring ?? 0xe001}  TargetVp: u32:0  DownstreamPageOff: u32:${o.offset ?? 2}
  OpenFlags: u16:${o.flags ?? 0}  EventFlag: u16:${o.eventFlag ?? 0}  GuestConnectionId: u32:${o.connection ?? 0}  HasGuestSignal: u8:${o.signal ?? 0} zero:7  UserData: zero:120`;

/** CHANNEL_STATE with the open-parameter blocks its state needs (0 Closed … 5 Revoked). */
export const STATE = (state = 2, open: OpenOpts = {}, reopen: OpenOpts = {}) => {
  const n = state === 0 || state === 5 ? 0 : state === 4 ? 2 : 1;
  return `.chunk CHANNEL_STATE
  State: u8:${state}  HasOpenParams: u8:${n > 0 ? 1 : 0}  HasReopenParams: u8:${n > 1 ? 1 : 0}  Reserved: u8:0 u32:0
${n > 0 ? OPEN(open) + '\n' : ''}${n > 1 ? OPEN(reopen) + '\n' : ''}.end`;
};

export const RING_RANGES = 'u32:0x4000 u32:0  u64:0x1000 u64:0x1001 u64:0x1002 u64:0x1003';
export const GPADL = (o: { id?: number; channel?: number; state?: number; count?: number; ranges?: string } = {}) =>
  `.chunk GPADL
  GpadlId: u32:${o.id ?? 0xe001}  ChannelId: u32:${o.channel ?? 17}  State: u8:${o.state ?? 2}  Reserved: u8:0
  RangeCount: u16:${o.count ?? 1}  RangeBufferWords: u32:auto
  ${o.ranges ?? RING_RANGES}
.end`;

export const MESSAGE = (type: number, length = 16) => `.chunk PENDING_MESSAGE
  MessageType: u32:${type}  Padding: u32:0${length > 8 ? `  Body: zero:${length - 8}` : ''}
.end`;

export const END = `.chunk END
  ChunkCount: u32:auto  EndFlags: u32:1  StreamCrc32c: u32:auto  Reserved: u32:0
.end`;

/** The good stream's chunks; tests replace the ones they are about. */
export const GOOD = (): string[] => [BEGIN(), OFFER(), STATE(), GPADL(), END];

export function run(parts: string[], head = ''): Analysis {
  return analyze(text.decodeText(`${head}${parts.join('\n')}\n`));
}

/** The run's outcome as `STATUS (CODE)`. */
export function outcome(a: Analysis): string {
  const s = statusName(a.outcome.status) ?? String(a.outcome.status);
  return a.outcome.code ? `${s} ${a.outcome.code}` : s;
}

export const errors = (a: Analysis): Problem[] => a.problems.filter((p) => p.severity === 'error');
export const warnings = (a: Analysis): Problem[] => a.problems.filter((p) => p.severity === 'warning');
export const codes = (ps: Problem[]): string[] => ps.map((p) => p.code);
