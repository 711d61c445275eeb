// The emulated save side of a KMCL channel: VmbChannelSaveBegin → VmbChannelSaveContinue(Buffer,
// BufferSize, &BytesFilled, &BytesRequired) repeated → VmbChannelSaveEnd (docs/format.md §9).
// Emulator semantics: the real driver's checks are not public; these follow the documented contract.

import type { EmulatedChannel, RestorePhase } from '../emulator/channel';
import { statusForCode, type DiagnosticCode } from '../diagnostics';
import type { ChannelLifecycle } from '../model';
import { STATUS } from '../ntstatus';
import { channelStateOf, unsaveableReason, type ChannelState } from './channelState';
import { saveChunks, type SavedChunk } from './saveChunks';

/** What SaveBegin reads of a channel: its handle, lifecycle, restore phase and channel state. */
export interface SaveSource {
  handle: 'valid' | 'null';
  lifecycle: ChannelLifecycle;
  phase: RestorePhase;
  state: ChannelState;
}

/** A channel as save sees it (an emulated channel after its restore). */
export function saveSourceOf(ch: EmulatedChannel): SaveSource {
  return {
    handle: ch.config.handle ?? 'valid',
    lifecycle: ch.lifecycle,
    phase: ch.phase,
    state: channelStateOf(ch.state),
  };
}

/** A channel model given directly (no restore ran): a Disabled channel holding `state`. */
export function saveSourceFromState(state: ChannelState): SaveSource {
  return { handle: 'valid', lifecycle: 'Disabled', phase: 'Restored', state };
}

export type SavePhase = 'NotBegun' | 'Saving' | 'Saved' | 'Ended';

export interface SaveRefusal {
  code: DiagnosticCode;
  message: string;
}

export interface SaveBeginResult {
  status: number;
  refused?: SaveRefusal;
  /** The chunks the save will write (empty when refused). */
  chunks: readonly SavedChunk[];
}

export interface SaveContinueResult {
  status: number;
  bytesFilled: number;
  bytesRequired: number;
  /** Indices (0-based, into the save's chunks) this call wrote, in order. */
  written: number[];
  /** Chunks written by this call and the ones before. */
  writtenTotal: number;
  refused?: SaveRefusal;
  phase: SavePhase;
}

export interface SaveEndResult {
  /** VmbChannelSaveEnd is VOID: a refusal or an unfinished save is only reported. */
  refused?: SaveRefusal;
  /** Chunks still unwritten when SaveEnd ran (the driver gave up: SAVE-INCOMPLETE). */
  unwritten: number;
  phase: SavePhase;
}

export class EmulatedSave {
  private _phase: SavePhase = 'NotBegun';
  private _chunks: SavedChunk[] = [];
  private next = 0;

  constructor(private readonly source: SaveSource) {}

  get phase(): SavePhase {
    return this._phase;
  }
  /** The chunks SaveBegin snapshotted. */
  get chunks(): readonly SavedChunk[] {
    return this._chunks;
  }
  /** Chunks written so far. */
  get written(): number {
    return this.next;
  }
  /** The bytes written so far, in order: the stream the driver has stored. */
  streamSoFar(): Uint8Array {
    const parts = this._chunks.slice(0, this.next);
    const out = new Uint8Array(parts.reduce((n, c) => n + c.bytes.length, 0));
    let at = 0;
    for (const c of parts) {
      out.set(c.bytes, at);
      at += c.bytes.length;
    }
    return out;
  }

  /** VmbChannelSaveBegin(Channel): snapshots the channel's state as the chunks to write. */
  saveBegin(): SaveBeginResult {
    const refuse = (code: DiagnosticCode, message: string): SaveBeginResult => ({
      status: statusForCode(code),
      refused: { code, message },
      chunks: [],
    });
    const src = this.source;
    if (src.handle === 'null')
      return refuse('ARG-CHANNEL', 'Channel is NULL: VmbChannelSaveBegin needs the VMBCHANNEL to save.');
    if (this._phase === 'Saving' || this._phase === 'Saved')
      return refuse('SAVE-BEGUN', 'A save is in progress: call VmbChannelSaveEnd before VmbChannelSaveBegin again.');
    if (src.lifecycle === 'Started')
      return refuse(
        'SAVE-STATE',
        'The channel is Started: a channel is saved while it is stopped (Paused, Enabled or Disabled).',
      );
    if (src.phase === 'InProgress' || src.phase === 'Failed')
      return refuse(
        'SAVE-STATE',
        `The channel's restore is ${src.phase}: its state is incomplete, there is nothing whole to save.`,
      );
    const why = unsaveableReason(src.state);
    if (why) return refuse('SAVE-STATE', `Nothing to save: ${why}.`);
    this._chunks = saveChunks(src.state);
    this.next = 0;
    this._phase = 'Saving';
    return { status: STATUS.STATUS_SUCCESS, chunks: this._chunks };
  }

  /**
   * VmbChannelSaveContinue(Channel, SaveBuffer, SaveBufferSize, &BytesFilled, &BytesRequired):
   * packs as many whole chunks as fit into `buffer` (null models a NULL SaveBuffer). Without a
   * buffer the call models a valid one it does not fill: the chunks written are `written` (the
   * harness reads them from `chunks`), so a fixture's SaveBufferSize never becomes an allocation.
   */
  saveContinue(bufferSize: number, buffer?: Uint8Array | null): SaveContinueResult {
    const result = (status: number, written: number[], bytesFilled = 0, bytesRequired = 0): SaveContinueResult => ({
      status,
      bytesFilled,
      bytesRequired,
      written,
      writtenTotal: this.next,
      phase: this._phase,
    });
    const refuse = (code: DiagnosticCode, message: string): SaveContinueResult => ({
      ...result(statusForCode(code), []),
      refused: { code, message },
    });
    if (this.source.handle === 'null') return refuse('ARG-CHANNEL', 'Channel is NULL.');
    if (this._phase === 'NotBegun')
      return refuse('SAVE-NOT-BEGUN', 'VmbChannelSaveContinue before VmbChannelSaveBegin: no save is in progress.');
    if (this._phase === 'Ended')
      return refuse('SAVE-ENDED', 'VmbChannelSaveContinue after VmbChannelSaveEnd: the save context is freed.');
    if (this._phase === 'Saved')
      return refuse(
        'SAVE-DONE',
        'SaveContinue already returned STATUS_SUCCESS: every chunk is written; call VmbChannelSaveEnd.',
      );
    if (buffer === null) return refuse('ARG-BUFFER', 'SaveBuffer is NULL.');
    if (buffer && buffer.length < bufferSize)
      throw new RangeError(`buffer holds ${buffer.length} bytes, SaveBufferSize is ${bufferSize}`);
    const written: number[] = [];
    let filled = 0;
    while (this.next < this._chunks.length && filled + this._chunks[this.next].bytes.length <= bufferSize) {
      const c = this._chunks[this.next];
      buffer?.set(c.bytes, filled);
      filled += c.bytes.length;
      written.push(this.next++);
    }
    if (this.next === this._chunks.length) {
      this._phase = 'Saved';
      return result(STATUS.STATUS_SUCCESS, written, filled, 0);
    }
    const required = this._chunks[this.next].bytes.length;
    if (written.length === 0) return result(STATUS.STATUS_BUFFER_TOO_SMALL, written, 0, required);
    return result(STATUS.STATUS_BUFFER_OVERFLOW, written, filled, required);
  }

  /** VmbChannelSaveEnd(Channel): frees the save context. */
  saveEnd(): SaveEndResult {
    const refuse = (code: DiagnosticCode, message: string): SaveEndResult => ({
      refused: { code, message },
      unwritten: 0,
      phase: this._phase,
    });
    if (this.source.handle === 'null') return refuse('ARG-CHANNEL', 'Channel is NULL.');
    if (this._phase === 'NotBegun')
      return refuse('SAVE-NOT-BEGUN', 'VmbChannelSaveEnd before VmbChannelSaveBegin: no save is in progress.');
    if (this._phase === 'Ended') return refuse('SAVE-ENDED', 'VmbChannelSaveEnd called twice.');
    const unwritten = this._chunks.length - this.next;
    this._phase = 'Ended';
    return { unwritten, phase: this._phase };
  }
}

export interface SaveRun {
  /** Each SaveContinue call's result, in order. */
  calls: SaveContinueResult[];
  /** The stream written (complete when the last call returned STATUS_SUCCESS). */
  stream: Uint8Array;
  begin: SaveBeginResult;
  chunks: readonly SavedChunk[];
}

/**
 * A correct driver's save loop with a fixed buffer size: SaveBegin, SaveContinue while it returns
 * STATUS_BUFFER_OVERFLOW, SaveEnd. Stops at the first other status (SUCCESS, BUFFER_TOO_SMALL, a refusal).
 */
export function saveWithBufferSize(source: SaveSource, bufferSize: number): SaveRun {
  const save = new EmulatedSave(source);
  const begin = save.saveBegin();
  const calls: SaveContinueResult[] = [];
  if (!begin.refused) {
    for (;;) {
      const r = save.saveContinue(bufferSize);
      calls.push(r);
      if (r.status !== STATUS.STATUS_BUFFER_OVERFLOW) break;
    }
  }
  const stream = save.streamSoFar();
  save.saveEnd();
  return { calls, stream, begin, chunks: save.chunks };
}
