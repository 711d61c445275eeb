// What the editor features explain: directives and their options, the payload layout of each
// chunk type (labels, literal types, enum values; payloadLayouts.ts), and NTSTATUS explanations
// with the NT_SUCCESS trap. Shared by hover, completion and code actions.

import {
  CHANNEL_LIFECYCLE,
  CHANNEL_OPS,
  formatStatus,
  ntSuccess,
  ntSuccessTrap,
  STATUS,
  statusMeaning,
  statusName,
  statusSeverity,
} from '../../core/src';
import { CHUNK_TYPE_LIST } from './payloadLayouts';

// Payload layouts, chunk type docs and snippets live in payloadLayouts.ts; re-exported here so
// the features import what they explain from one place.
export * from './payloadLayouts';

export interface OptionDoc {
  key: string;
  doc: string;
  /** Values offered after `key=`. */
  values?: readonly string[];
  /** Header field the option sets (`.chunk` options). */
  field?: string;
}

export interface DirectiveDoc {
  name: string;
  signature: string;
  doc: string;
  /** Positional argument values offered after the directive. */
  args?: () => readonly string[];
  options: OptionDoc[];
}

const STATUS_NAMES = Object.keys(STATUS);

/** Statuses the emulated restore never returns (docs/format.md §5: "save side", "not returned by the emulator"); completion lists them last. */
export const NOT_RETURNED_BY_RESTORE: readonly string[] = [
  'STATUS_BUFFER_OVERFLOW',
  'STATUS_UNSUCCESSFUL',
  'STATUS_BUFFER_TOO_SMALL',
];

export const DIRECTIVES: readonly DirectiveDoc[] = [
  {
    name: '.stream',
    signature: '.stream version=1.0 maxpayload=0x10000',
    doc: 'Stream settings: the format version written into every chunk header and the payload limit the assembler checks against.',
    options: [
      { key: 'version', doc: 'Format version major.minor written into chunk headers (1.0).', values: ['1.0'] },
      {
        key: 'maxpayload',
        doc: 'Largest PayloadLength a chunk may have (BEGIN.MaxPayloadLength; default 0x10000).',
        values: ['0x10000'],
      },
    ],
  },
  {
    name: '.channel',
    signature: '.channel state=Disabled interface={…} instance={…}',
    doc: 'The emulated server channel the restore runs against: its lifecycle state, configured identity (BEGIN must match it) and options. Without it, the `vmbstate.channel.*` settings apply.',
    options: [
      {
        key: 'state',
        doc: 'Lifecycle state before restore; VmbChannelRestoreFromBuffer needs Disabled.',
        values: CHANNEL_LIFECYCLE,
      },
      { key: 'interface', doc: 'Configured interface type GUID; BEGIN.InterfaceType must match (CONTENT-IDENTITY).' },
      {
        key: 'instance',
        doc: 'Configured interface instance GUID; BEGIN.InterfaceInstance must match (CONTENT-IDENTITY).',
      },
      { key: 'subchannel', doc: 'Configured subchannel index; BEGIN.SubchannelIndex must match.' },
      {
        key: 'handle',
        doc: '`null` passes a NULL Channel argument (STATUS_INVALID_PARAMETER_1).',
        values: ['valid', 'null'],
      },
      {
        key: 'packetCallbacks',
        doc: 'Whether save/restore packet callbacks are registered (PACKET chunks need them).',
        values: ['yes', 'no'],
      },
      {
        key: 'profile',
        doc: 'Status profile: `vid` maps content, unsupported and version failures to STATUS_VID_SAVED_STATE_*.',
        values: ['default', 'vid'],
      },
      { key: 'maxGpadls', doc: 'Emulated driver limit on restored GPADLs (RES-LIMIT; default 1024).' },
      { key: 'maxPackets', doc: 'Emulated driver limit on restored packets (RES-LIMIT; default 65536).' },
      { key: 'maxMessages', doc: 'Emulated driver limit on pending messages (RES-LIMIT; default 256).' },
      {
        key: 'trusted',
        doc: 'Whether the connection is trusted: only then may FeatureFlags hold 0x10, confidential channels (VER-FEATURES).',
        values: ['yes', 'no'],
      },
      {
        key: 'monitorId',
        doc: "A relayed-MNF offer's monitor id (0..127): OFFER.MonitorId must equal it (CONTENT-MONITOR-MISMATCH).",
      },
      {
        key: 'open',
        doc: 'Whether the VSP restores the channel open; reconciled with CHANNEL_STATE at END (STATE-OPEN-MISMATCH). Unchecked when absent.',
        values: ['yes', 'no'],
      },
      {
        key: 'maxVmbusVersion',
        doc: "The host's restore limit, M.m: a higher BEGIN.VmbusVersion fails VER-VMBUS (restore on an older host).",
      },
      {
        key: 'maxFeatureFlags',
        doc: 'The feature flags the host can restore (0x…): other BEGIN.FeatureFlags bits fail VER-FEATURES.',
      },
    ],
  },
  {
    name: '.op',
    signature: '.op Enable|Disable|Start|Pause|Cleanup',
    doc: 'A channel operation between restore calls (VmbChannelEnable, VmbChannelDisable, …). Cleanup clears a failed restore.',
    args: () => CHANNEL_OPS,
    options: [],
  },
  {
    name: '.call',
    signature: '.call [buffer=null] [size=N]',
    doc: 'Starts one VmbChannelRestoreFromBuffer call: the chunks up to the next `.call` form its buffer. Without `.call`, every chunk is its own call.',
    options: [
      { key: 'buffer', doc: '`null` passes a NULL Buffer argument (STATUS_INVALID_PARAMETER_2).', values: ['null'] },
      {
        key: 'size',
        doc: 'The BufferSize argument, when it should differ from the bytes in the buffer (0 → STATUS_INVALID_PARAMETER_3).',
      },
    ],
  },
  {
    name: '.expect',
    signature: '.expect STATUS_NAME|0x… [diag=CODE]',
    doc: 'Asserts what the preceding restore call returns. A matching failure is reported as information, a different status as EXPECT-MISMATCH.',
    args: () => STATUS_NAMES,
    options: [{ key: 'diag', doc: 'The diagnostic code the failure must carry, e.g. CRC-PAYLOAD.' }],
  },
  {
    name: '.expect-end',
    signature: '.expect-end STATUS_NAME [diag=CODE]',
    doc: 'Asserts how the whole run ends: STATUS_SUCCESS, STATUS_END_OF_FILE (input ran out) or the failing status.',
    args: () => STATUS_NAMES,
    options: [{ key: 'diag', doc: 'The diagnostic code the run must end with, e.g. EOF-TRUNCATED.' }],
  },
  {
    name: '.chunk',
    signature: '.chunk TYPE [seq=] [flags=FINAL|CONTINUES] [len=] [crc=] [hcrc=] [magic=] [version=] [hsize=]',
    doc: 'A chunk: the assembler writes the 32-byte header and the payload from the field lines up to `.end`. Header fields are computed unless given; explicit values make deliberately broken fixtures.',
    args: () => CHUNK_TYPE_LIST,
    options: [
      { key: 'seq', doc: 'Sequence number (default: previous + 1, BEGIN is 0).', field: 'Sequence' },
      {
        key: 'flags',
        doc: 'Flags: FINAL (bit 0, END only), CONTINUES (bit 1), or a number.',
        values: ['FINAL', 'CONTINUES', 'FINAL|CONTINUES', 'none'],
        field: 'Flags',
      },
      { key: 'len', doc: 'PayloadLength (default: the payload bytes written).', field: 'PayloadLength' },
      { key: 'crc', doc: 'PayloadCrc32c (default: computed).', field: 'PayloadCrc32c' },
      {
        key: 'hcrc',
        doc: 'HeaderCrc32c (default: computed over the header with this field zeroed).',
        field: 'HeaderCrc32c',
      },
      { key: 'magic', doc: 'Magic as a u32 (default 0x43534256, "VBSC").', field: 'Magic' },
      {
        key: 'version',
        doc: 'VersionMajor.VersionMinor (default from `.stream`).',
        values: ['1.0', '2.0'],
        field: 'VersionMajor',
      },
      { key: 'hsize', doc: 'HeaderSize (default 32).', field: 'HeaderSize' },
      { key: 'pad', doc: 'Byte value of the alignment padding (default 0).' },
      { key: 'reserved0', doc: 'Reserved0 header byte (default 0).', field: 'Reserved0' },
      { key: 'reserved1', doc: 'Reserved1 header field (default 0).', field: 'Reserved1' },
    ],
  },
  {
    name: '.end',
    signature: '.end',
    doc: 'Ends a `.chunk` block; the assembler pads the payload to 8 bytes.',
    options: [],
  },
  {
    name: '.raw',
    signature: '.raw',
    doc: 'Raw bytes copied into the buffer as written, up to `.endraw`: for bytes that are not a well-formed chunk.',
    options: [],
  },
  { name: '.endraw', signature: '.endraw', doc: 'Ends a `.raw` block.', options: [] },
  {
    name: '.truncate',
    signature: '.truncate N',
    doc: "Drops the last N bytes of the current call's buffer, e.g. to cut a chunk short (SIZE-PARTIAL).",
    options: [],
  },
  // The save side (docs/format.md §9.5): after every restore call and .op.
  {
    name: '.save-begin',
    signature: '.save-begin',
    doc: 'A VmbChannelSaveBegin call on the channel the restore left: snapshots its state as the chunks to write. Save directives come after every restore call and `.op`.',
    options: [],
  },
  {
    name: '.save',
    signature: '.save bufsize=N',
    doc: 'A VmbChannelSaveContinue call with SaveBufferSize N: writes as many whole chunks as fit. STATUS_BUFFER_OVERFLOW (NT_SUCCESS FALSE) means progress: call again; STATUS_BUFFER_TOO_SMALL means nothing fit (BytesRequired).',
    options: [
      { key: 'bufsize', doc: 'SaveBufferSize in bytes (required).' },
      {
        key: 'buffer',
        doc: '`null` passes a NULL SaveBuffer (STATUS_INVALID_PARAMETER_2).',
        values: ['null', 'valid'],
      },
    ],
  },
  {
    name: '.save-end',
    signature: '.save-end unwritten=N',
    doc: 'A VmbChannelSaveEnd call (VOID). With chunks left unwritten the stored stream is incomplete (SAVE-INCOMPLETE); `unwritten=N` asserts how many.',
    options: [{ key: 'unwritten', doc: 'The number of chunks the fixture expects were never written.' }],
  },
  {
    name: '.schema',
    signature: '.schema vsp|lib|0x8123 file=PATH.ksy [type=T] [interface={guid}] [mandatory=yes|no]',
    doc: "Names a Kaitai Struct user schema for this file (docs/schemas.md): `vsp`/`lib` decode every PACKET's VspState/LibState, a chunk type `0x8000`–`0xFFFE` its payload. Before the first `.call`, `.chunk`, `.raw` or `.op`.",
    args: () => ['vsp', 'lib'],
    options: [
      { key: 'file', doc: "The .ksy file, relative to this file's folder." },
      { key: 'type', doc: 'A top-level type of the .ksy to decode with (default: its root type).' },
      { key: 'interface', doc: 'Only for a stream whose BEGIN InterfaceType is this GUID.' },
      {
        key: 'mandatory',
        doc: 'yes: a payload that does not parse fails the restore (SCHEMA-MANDATORY, STATUS_FILE_CORRUPT_ERROR).',
        values: ['yes', 'no'],
      },
    ],
  },
];

export function directiveDoc(name: string): DirectiveDoc | undefined {
  const n = name.toLowerCase();
  return DIRECTIVES.find((d) => d.name === n);
}

// ---------------------------------------------------------------------------------------------
// NTSTATUS explanations.

/** The NT_SUCCESS trap, spelled out for the two statuses where NT_SUCCESS is FALSE yet the call made progress. */
export function trapNote(status: number): string | undefined {
  const trap = ntSuccessTrap(status);
  return trap && `**NT_SUCCESS trap:** ${trap}`;
}

/** Markdown lines explaining a status: name and value, meaning, NT_SUCCESS, and the trap where it applies. */
export function explainStatus(status: number): string[] {
  const trap = trapNote(status);
  // The meaning without the trap: the note below says it (once).
  const lines = [
    `**${formatStatus(status)}**`,
    '',
    statusMeaning(status, { trap: false }),
    '',
    `Severity: ${statusSeverity(status)} · NT_SUCCESS: ${ntSuccess(status) ? 'TRUE' : 'FALSE'}`,
  ];
  if (trap) lines.push('', trap);
  return lines;
}

export function isStatusName(s: string): boolean {
  return statusName(STATUS[s.toUpperCase() as keyof typeof STATUS] ?? -1) !== undefined;
}
