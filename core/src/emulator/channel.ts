// A model of a KMCL server channel and VmbChannelRestoreFromBuffer (docs/format.md, "Emulated
// restore"). Emulator semantics: the real driver's checks are not public; these follow the
// documented call contract and our VBSS v1 format.

import { statusForCode, type DiagnosticCode } from '../diagnostics';
import { DEFAULT_LIMITS, type ChannelConfig, type ChannelLifecycle, type ChannelOpName, type Problem } from '../model';
import { STATUS } from '../ntstatus';
import { afterRestoreActions } from './afterRestore';
import type { ChannelContext } from './applyRecord';
import { restoreChunk } from './chunkRestore';
import { Failure, type ExaminedChunk, type RestoreFinding } from './findings';
import { Draft, emptyState, type RestoredState } from './restoredState';
import { markState, rewindState, type StateMark } from './stateMark';

export type { ExaminedChunk, RestoreFinding } from './findings';

export type RestorePhase = 'Idle' | 'InProgress' | 'Restored' | 'Failed';

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
  /** Enable after a finished restore: what a VMBus server does next, in order (afterRestore.ts). */
  afterRestore?: string[];
  /** WARN-ENABLE-NEW: Enable while the restore is unfinished or failed. */
  warning?: RestoreFinding;
}

/** The channel between two calls, for RestoreSession.rewindTo (stateMark.ts). */
export interface ChannelMark {
  readonly lifecycle: ChannelLifecycle;
  readonly phase: RestorePhase;
  readonly beginAt: number | undefined;
  readonly state: StateMark;
}

export class EmulatedChannel {
  private _lifecycle: ChannelLifecycle;
  private _phase: RestorePhase = 'Idle';
  private _state: RestoredState = emptyState();
  /** The configuration, limits and BEGIN offset that applying a record reads (applyRecord.ts). */
  private readonly ctx: ChannelContext;

  /** `schemaFailures`: mandatory user-schema failures by chunk stream offset (SavedStateDocument.schemaFailures). */
  constructor(
    readonly config: ChannelConfig,
    schemaFailures?: ReadonlyMap<number, Problem>,
  ) {
    this._lifecycle = config.state;
    this.ctx = { config, limits: { ...DEFAULT_LIMITS, ...config.limits }, schemaFailures };
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

  /** Where the channel is now, to come back to with rewind (valid until an earlier mark is rewound to). */
  mark(): ChannelMark {
    return { lifecycle: this._lifecycle, phase: this._phase, beginAt: this.ctx.beginAt, state: markState(this._state) };
  }

  /** Put the channel back where it was at `m`. */
  rewind(m: ChannelMark): void {
    this._lifecycle = m.lifecycle;
    this._phase = m.phase;
    this.ctx.beginAt = m.beginAt;
    this._state = rewindState(m.state);
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
    let afterRestore: string[] | undefined;
    let warning: RestoreFinding | undefined;
    switch (op) {
      case 'Enable':
        if (from !== 'Disabled') return bad(`the channel is ${from}, Enable needs Disabled`);
        this._lifecycle = 'Enabled';
        if (this._phase === 'Restored') afterRestore = afterRestoreActions(this._state, this.config);
        else if (this._phase !== 'Idle')
          warning = {
            code: 'WARN-ENABLE-NEW',
            severity: 'warning',
            message: `Enable while the restore is ${this._phase}: ${this._phase === 'Failed' ? 'it failed' : 'it did not finish'}, so the channel is offered as new and the guest's saved view of it is lost (a server revokes the saved channel and offers it again).`,
          };
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
        this.ctx.beginAt = undefined;
        break;
    }
    const next = afterRestore?.length ? ` After restore the server: ${afterRestore.join('; ')}.` : '';
    return {
      ok: true,
      message: `${op}: ${from} → ${this._lifecycle}, restore ${this._phase}.${next}`,
      lifecycle: this._lifecycle,
      phase: this._phase,
      ...(afterRestore ? { afterRestore } : {}),
      ...(warning ? { warning } : {}),
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
    // Built, not spread: a refused run of a million calls makes a million of these (docs/format.md §8.3).
    const refuse = (code: DiagnosticCode, message: string): RestoreCallResult => {
      const r = result(statusForCode(code, this.config.profile), { code, message, severity: 'error' });
      r.refused = true;
      return r;
    };
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
      while (pos < bufferSize) pos += restoreChunk(this.ctx, view, pos, origin, draft, chunks, warnings);
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
}
