// The catalogue of single edits that turn a clean stream into a fixture failing with one
// diagnostic code (docs/format.md §8.6): each edits a FixtureBase and says what it changed, or
// why the stream offers nothing to edit for that code.

import { crc32c } from '../crc32c';
import {
  addChunkOptions,
  appendField,
  blocksOf,
  callsOf,
  cloneBlock,
  fieldValue,
  setChunkType,
  setField,
} from './base';
import {
  chunkName,
  duplicate,
  firstOfType,
  hex8,
  lastChunkOfFirstCall,
  maxPayload,
  NO_SECOND,
  none,
  onField,
  onFirstCall,
  onSecond,
  second,
  setChannel,
  type Mutation,
} from './edits';
import { CHANNEL_RULE_MUTATIONS } from './channelMutations';

export type { Mutation, MutationContext } from './edits';

export const MUTATIONS: readonly Mutation[] = [
  {
    code: 'ARG-CHANNEL',
    apply(b) {
      setChannel(b, 'handle', 'null');
      return { changed: '`.channel handle=null`: every call passes a NULL Channel' };
    },
  },
  onFirstCall('ARG-BUFFER', () => 'buffer=null', 'the driver passes a NULL Buffer'),
  onFirstCall('ARG-SIZE0', () => 'size=0', 'the driver passes BufferSize 0'),
  {
    code: 'STATE-ENABLED',
    apply(b) {
      setChannel(b, 'state', 'Enabled');
      return { changed: '`.channel state=Enabled`: the channel was enabled (offered) before restore' };
    },
  },
  {
    code: 'STATE-DONE',
    apply(b) {
      const calls = callsOf(b);
      const last = calls[calls.length - 1];
      b.steps.push({
        kind: 'call',
        blocks: [cloneBlock(last.blocks[last.blocks.length - 1])],
        options: [],
        note: 'one more call after the restore finished',
      });
      return { changed: 'one more call, holding a copy of the last chunk, after the call that finished the restore' };
    },
  },
  {
    code: 'STATE-FAILED',
    apply(b, ctx) {
      const calls = callsOf(b);
      if (calls.length < 2) return { skip: 'the stream is restored in one call: no call comes after a failure' };
      const last = calls[0].blocks.length - 1;
      const chunk = ctx.chunks[last];
      const opt = `crc=${hex8(chunk.header!.payloadCrc ^ 1)}`;
      addChunkOptions(calls[0].blocks[last], opt, 'PayloadCrc32c with bit 0 flipped, so call 1 fails');
      return {
        changed: `${chunkName(last, calls[0].blocks[last])} gets \`${opt}\` (bit 0 flipped): call 1 fails, and every later call is refused until Cleanup`,
      };
    },
  },
  {
    code: 'STATE-NOCALLBACKS',
    apply(b) {
      if (!firstOfType(b, 'PACKET')) return none('PACKET');
      setChannel(b, 'packetCallbacks', 'no');
      return {
        changed:
          '`.channel packetCallbacks=no`: the VSP registered no save/restore packet callbacks, and the stream has PACKET chunks',
      };
    },
  },
  onFirstCall(
    'SIZE-HEADER',
    (_len, ctx) => `size=${lastChunkOfFirstCall(ctx).at + 16}`,
    'BufferSize ends 16 bytes into the last chunk header of the call',
  ),
  onFirstCall(
    'SIZE-PARTIAL',
    (len, ctx) => (lastChunkOfFirstCall(ctx).size > 32 ? `size=${len - 1}` : undefined),
    'BufferSize one byte short of the buffer: it ends inside the last chunk',
  ),
  onFirstCall('SIZE-OVERRUN', (len) => `size=${len + 1}`, 'BufferSize one byte more than the buffer holds'),
  onSecond('FRAME-MAGIC', () => 'magic=0x43534257', 'the magic reads "WBSC" instead of "VBSC"'),
  onSecond(
    'FRAME-HSIZE',
    (ctx) => `hsize=${ctx.version.minor === 0 ? 40 : 36}`,
    'a HeaderSize this version does not allow',
  ),
  onSecond('FRAME-RESERVED', () => 'reserved1=1', 'Reserved1 of the header is not zero'),
  onSecond(
    'FRAME-LENGTH',
    (ctx) => `len=${(maxPayload(ctx) + 1) >>> 0}`,
    "PayloadLength one more than BEGIN's MaxPayloadLength",
  ),
  {
    code: 'FRAME-FINAL',
    apply(b) {
      const s = second(b);
      if (!s) return NO_SECOND;
      const opt = s.block.type === 'END' ? 'flags=none' : 'flags=FINAL';
      addChunkOptions(s.block, opt, s.block.type === 'END' ? 'END without FINAL' : 'FINAL on a chunk other than END');
      return { changed: `${chunkName(s.i, s.block)} gets \`${opt}\`` };
    },
  },
  {
    code: 'FRAME-PADDING',
    apply(b, ctx) {
      const all = blocksOf(b);
      const i = ctx.chunks.findIndex((c) => c.paddingBytes.end > c.paddingBytes.start);
      if (i < 0) return { skip: 'no chunk has padding: every PayloadLength is a multiple of 8' };
      addChunkOptions(all[i].block, 'pad=0xAA', 'padding bytes 0xAA instead of zero');
      return { changed: `${chunkName(i, all[i].block)} gets \`pad=0xAA\`: its alignment padding is not zero` };
    },
  },
  onSecond(
    'VER-MAJOR',
    (ctx) => `version=${ctx.version.major + 1}.0`,
    'a format major version this reader does not know',
  ),
  onSecond(
    'VER-MIXED',
    (ctx) => `version=${ctx.version.major}.${ctx.version.minor + 1}`,
    "a version other than the stream's BEGIN",
  ),
  onField('VER-VMBUS', 'BEGIN', 'VmbusVersion', () => 0xff0000n, 'VMBus 255.0 is no protocol version'),
  onSecond(
    'CRC-HEADER',
    (ctx, _b, i) => `hcrc=${hex8(ctx.chunks[i].header!.headerCrc ^ 1)}`,
    'HeaderCrc32c with bit 0 flipped',
  ),
  onSecond(
    'CRC-PAYLOAD',
    (ctx, _b, i) => `crc=${hex8(ctx.chunks[i].header!.payloadCrc ^ 1)}`,
    'PayloadCrc32c with bit 0 flipped',
  ),
  {
    code: 'CRC-STREAM',
    apply(b, ctx) {
      const f = firstOfType(b, 'END');
      if (!f) return none('END');
      const end = ctx.chunks[f.i];
      const flipped = (crc32c(ctx.doc.bytes, 0, end.bytes.start) ^ 1) >>> 0;
      const flags = fieldValue(f.block, 'EndFlags') ?? 0n;
      if (!(flags & 1n)) setField(f.block, 'EndFlags', flags | 1n, 'HasStreamCrc set');
      setField(f.block, 'StreamCrc32c', flipped, 'the stream CRC with bit 0 flipped');
      return {
        changed: `${chunkName(f.i, f.block)} StreamCrc32c is the CRC-32C of the chunks before END with bit 0 flipped`,
      };
    },
  },
  {
    code: 'UNSUP-TYPE',
    apply(b) {
      const s = second(b);
      if (!s) return NO_SECOND;
      const was = s.block.type;
      setChunkType(s.block, '0x7FFE', `was ${was}: an unknown mandatory type`);
      return { changed: `${chunkName(s.i, s.block)} has Type 0x7FFE (was ${was}): a mandatory type no reader knows` };
    },
  },
  onSecond(
    'UNSUP-FLAG',
    (_ctx, blk) => (blk.type === 'END' ? 'flags=0x0005' : 'flags=0x0004'),
    'must-understand flag bit 2, which no version defines',
  ),
  onField('UNSUP-END-FLAGS', 'END', 'EndFlags', (v) => v | 2n, 'EndFlags bit 1 is undefined'),
  {
    code: 'SEQ-FIRST',
    apply(b) {
      const first = blocksOf(b)[0].block;
      addChunkOptions(first, 'seq=1', 'the first chunk must have sequence 0');
      return { changed: `${chunkName(0, first)} gets \`seq=1\`: the stream does not start at sequence 0` };
    },
  },
  onSecond('SEQ-GAP', () => 'seq=2', 'sequence 2 where 1 is next: chunk sequence 1 is missing'),
  onSecond('SEQ-DUPLICATE', () => 'seq=0', 'sequence 0 again: that chunk was already restored'),
  {
    code: 'SEQ-AFTER-FINAL',
    apply(b) {
      const all = blocksOf(b);
      const end = all.find((x) => x.block.type === 'END');
      if (!end || all.length < 2) return none('END');
      const copy = cloneBlock(all[1].block);
      copy.lines[0] += '  # mutated: a copy of chunk 2 after END, in the same call';
      end.call.blocks.splice(end.index + 1, 0, copy);
      return { changed: `a copy of ${chunkName(1, all[1].block)} follows END in END's call` };
    },
  },
  {
    code: 'SEQ-ORDER',
    apply(b) {
      const all = blocksOf(b);
      if (all.length < 3) return { skip: 'the stream has fewer than three chunks: no two after BEGIN to swap' };
      const [x, y] = [all[1], all[2]];
      x.call.blocks[x.index] = y.block;
      y.call.blocks[y.index] = x.block;
      y.block.lines[0] += `  # mutated: swapped with the ${x.block.type} after it`;
      return {
        changed: `chunks 2 (${x.block.type}) and 3 (${y.block.type}) trade places: ${y.block.type} comes before ${x.block.type}`,
      };
    },
  },
  onSecond('SEQ-CONTINUATION', () => 'flags=CONTINUES', 'CONTINUES, but the next chunk is of another type'),
  {
    code: 'CONTENT-LENGTH',
    apply(b) {
      const f = firstOfType(b, 'OFFER');
      if (!f) return none('OFFER');
      appendField(f.block, '  Extra: u8:0  # mutated: one byte more than an OFFER holds');
      return { changed: `${chunkName(f.i, f.block)} has one byte more than its fields` };
    },
  },
  onField('CONTENT-RESERVED', 'OFFER', 'Reserved', () => 1n, 'a reserved field that is not zero'),
  onField('CONTENT-ENUM', 'CHANNEL_STATE', 'State', () => 9n, 'State 9 is no channel state'),
  onField('CONTENT-LIMIT', 'BEGIN', 'MaxPayloadLength', () => 32n, 'MaxPayloadLength below 64'),
  onField(
    'CONTENT-OPEN-STATE',
    'CHANNEL_STATE',
    'HasReopenParams',
    (v) => v ^ 1n,
    'the reopen-parameter flag does not match the State',
  ),
  onField('CONTENT-GPA-RANGE', 'GPADL', 'ByteCount', () => 0n, 'a GPA range of 0 bytes'),
  onField(
    'CONTENT-GPADL-CHANNEL',
    'GPADL',
    'ChannelId',
    (v) => (v + 1n) & 0xffffffffn,
    "a ChannelId other than the OFFER's",
  ),
  duplicate('CONTENT-GPADL-DUP', 'GPADL', 'its GpadlId is restored twice'),
  {
    code: 'CONTENT-RING-GPADL',
    apply(b) {
      const f = firstOfType(b, 'CHANNEL_STATE');
      if (!f) return none('CHANNEL_STATE');
      const old = fieldValue(f.block, 'RingGpadlId');
      if (old === undefined) return { skip: 'CHANNEL_STATE carries no open parameters, so no ring buffer GPADL' };
      const ids = new Set(
        blocksOf(b)
          .filter((x) => x.block.type === 'GPADL')
          .map((x) => fieldValue(x.block, 'GpadlId')),
      );
      let v = (old + 1n) & 0xffffffffn;
      while (ids.has(v)) v = (v + 1n) & 0xffffffffn;
      setField(f.block, 'RingGpadlId', v, 'no GPADL of the stream has this id');
      return { changed: `${chunkName(f.i, f.block)} RingGpadlId ${old} → ${v}, a GPADL the stream does not restore` };
    },
  },
  onField(
    'CONTENT-CHUNKCOUNT',
    'END',
    'ChunkCount',
    (v) => (v + 1n) & 0xffffffffn,
    'one more chunk than the stream holds',
  ),
  duplicate('CONTENT-TXID-DUP', 'PACKET', 'its TransactionId is restored twice'),
  {
    code: 'CONTENT-MESSAGE-SIZE',
    apply(b, ctx) {
      const f = firstOfType(b, 'PENDING_MESSAGE');
      if (!f) return none('PENDING_MESSAGE');
      const c = ctx.chunks[f.i];
      const add = 241 - (c.payloadBytes.end - c.payloadBytes.start);
      appendField(f.block, `  Extra: zero:${add}  # mutated: the message grows to 241 bytes`);
      return { changed: `${chunkName(f.i, f.block)} grows by ${add} zero bytes to 241, above the 240-byte limit` };
    },
  },
  {
    code: 'CONTENT-IDENTITY',
    apply(b) {
      const begin = firstOfType(b, 'BEGIN');
      const sub = begin ? fieldValue(begin.block, 'SubchannelIndex') : undefined;
      if (sub === undefined) return none('BEGIN');
      const v = (sub + 1n) & 0xffffn;
      setChannel(b, 'subchannel', String(v));
      return {
        changed: `\`.channel subchannel=${v}\`: the channel being restored is not the one BEGIN names (SubchannelIndex ${sub})`,
      };
    },
  },
  {
    code: 'RES-LIMIT',
    apply(b) {
      const count = (t: string) => blocksOf(b).filter((x) => x.block.type === t).length;
      for (const [type, key] of [
        ['GPADL', 'maxGpadls'],
        ['PACKET', 'maxPackets'],
        ['PENDING_MESSAGE', 'maxMessages'],
      ] as const) {
        const n = count(type);
        if (!n) continue;
        setChannel(b, key, String(n - 1));
        return {
          changed: `\`.channel ${key}=${n - 1}\`: the emulated driver holds one ${type} fewer than the stream restores`,
        };
      }
      return { skip: 'the stream has no GPADL, PACKET or PENDING_MESSAGE chunk to exceed a limit with' };
    },
  },
  {
    code: 'EOF-TRUNCATED',
    apply(b) {
      const all = blocksOf(b);
      const end = all.find((x) => x.block.type === 'END');
      if (!end) return none('END');
      end.call.blocks.splice(end.index, 1);
      end.call.note = 'its END chunk is left out';
      if (!end.call.blocks.length) {
        b.steps.splice(b.steps.indexOf(end.call), 1);
        const calls = callsOf(b);
        if (calls.length) calls[calls.length - 1].note = 'the call with END after this one is left out';
      }
      return { changed: 'the END chunk is left out: the input ends while restore asks for more' };
    },
  },
  ...CHANNEL_RULE_MUTATIONS,
];
