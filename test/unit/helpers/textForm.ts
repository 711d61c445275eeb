// Shared bits of the text-form tests: the design's §7 example verbatim, and range formatting.
import type { TextRange } from '../../../core/src';

/** docs/format.md / design §7 example, character for character. */
export const DESIGN_EXAMPLE = `.stream version=1.0 maxpayload=0x10000
.call
.chunk BEGIN
  InterfaceType: guid:{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}
  InterfaceInstance: guid:{11111111-2222-3333-4444-555555555555}
  SubchannelIndex: u16:0   Reserved: u16:0
  VmbusVersion: u32:0x00050000   FeatureFlags: u32:0
  ChunkCount: u32:5   MaxPayloadLength: u32:0x10000   Reserved: u32:0
  CreationTime: u64:0
.end
.chunk OFFER
  ChannelId: u32:17  ConnectionId: u32:17  MonitorId: u8:0xff  MonitorAllocated: u8:0
  IsDedicated: u16:0  OfferFlags: u16:0  MmioMegabytes: u16:0  MmioMegabytesOpt: u16:0
  Reserved: u16:0  UserDefined: zero:120
.end
.expect STATUS_MORE_PROCESSING_REQUIRED
.call
.chunk CHANNEL_STATE
  State: u8:2  HasOpenParams: u8:1  HasReopenParams: u8:0  Reserved: u8:0 u32:0
  OpenId: u32:1  RingGpadlId: u32:0xE001  TargetVp: u32:0  DownstreamPageOff: u32:2
  OpenFlags: u16:0  EventFlag: u16:0  GuestConnectionId: u32:0  HasGuestSignal: u8:0 zero:7
  UserData: zero:120
.end
.chunk GPADL
  GpadlId: u32:0xE001  ChannelId: u32:17  State: u8:2  Reserved: u8:0
  RangeCount: u16:1  RangeBufferWords: u32:5
  Range0: u32:0x4000 u32:0
  Pfns: u64:0x1000 u64:0x1001 u64:0x1002 u64:0x1003
.end
.expect STATUS_MORE_PROCESSING_REQUIRED
.call
.chunk END flags=FINAL
  ChunkCount: u32:5  EndFlags: u32:1  StreamCrc32c: u32:auto  Reserved: u32:0
.end
.expect STATUS_SUCCESS
`;

/** "line:col-line:col", zero-based like LSP. */
export function rng(r: TextRange | undefined): string {
  return r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : 'none';
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
