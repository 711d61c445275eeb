// The Step Restore launch attributes, checked before anything is read: the run options go through
// the shared validator (core/src/runOptions.ts), so the debugger accepts and refuses exactly what
// the CLI flags and the settings do, and a bad value is refused instead of silently replaced.

import {
  OptionError,
  validateBuffering,
  validateChannelState,
  validateFlag,
  validateProfile,
  type Buffering,
  type ChannelConfig,
} from '../../core/src';
import { LoadError } from './loadDocument';

/** Launch attributes after validation, in the form the loader and the runtime take. */
export interface ValidLaunch {
  program: string;
  stopOnEntry: boolean;
  /** 0-based call to run to and stop before (`stopAtCall` is 1-based); wins over stopOnEntry. */
  stopAtCall?: number;
  /** undefined: the default (stop on failures, as the "Restore call failed" filter says). */
  breakOnFailure?: boolean;
  /** undefined: one chunk per call. */
  buffering?: Buffering;
  channel: Partial<ChannelConfig>;
  /** What-if edits recompute the CRCs that cover them (default true). */
  reseal: boolean;
  /** Decode with the nearest .vmbstate-schemas.json (docs/schemas.md); the extension sets it from the settings and workspace trust. */
  schemas?: boolean;
}

const CHANNEL_KEYS = ['initialState', 'packetCallbacks', 'statusProfile'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function validateChannel(v: unknown): Partial<ChannelConfig> {
  if (v === undefined) return {};
  if (!isRecord(v))
    throw new OptionError(`channel must be an object with ${CHANNEL_KEYS.join(', ')}, not ${JSON.stringify(v)}`);
  const unknown = Object.keys(v).filter((k) => !(CHANNEL_KEYS as readonly string[]).includes(k));
  if (unknown.length)
    throw new OptionError(`channel.${unknown[0]} is not a channel attribute: use ${CHANNEL_KEYS.join(', ')}`);
  const out: Partial<ChannelConfig> = {};
  if (v.initialState !== undefined) out.state = validateChannelState(v.initialState, 'channel.initialState');
  if (v.packetCallbacks !== undefined) out.packetCallbacks = validateFlag(v.packetCallbacks, 'channel.packetCallbacks');
  if (v.statusProfile !== undefined) out.profile = validateProfile(v.statusProfile, 'channel.statusProfile');
  return out;
}

function validateCallNumber(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new OptionError(`stopAtCall must be a restore call number from 1, not ${JSON.stringify(v)}`);
  return v;
}

/**
 * Every launch attribute Step Restore reads (docs/step-restore.md, "Launch attributes"). Attributes
 * VS Code adds (type, request, name, __sessionId, …) pass untouched. Throws LoadError naming the
 * attribute and what it accepts.
 */
export function validateLaunchArgs(args: unknown): ValidLaunch {
  const a = isRecord(args) ? args : {};
  if (a.program === undefined || (typeof a.program === 'string' && a.program.trim() === '')) {
    throw new LoadError(
      'No "program" in the launch configuration: set it to the .vmbstate or .vmbhex file to restore (for example "${file}").',
    );
  }
  try {
    if (typeof a.program !== 'string')
      throw new OptionError(`program must be a file path (a string), not ${JSON.stringify(a.program)}`);
    return {
      program: a.program,
      stopOnEntry: a.stopOnEntry === undefined ? true : validateFlag(a.stopOnEntry, 'stopOnEntry'),
      ...(a.stopAtCall === undefined ? {} : { stopAtCall: validateCallNumber(a.stopAtCall) - 1 }),
      ...(a.breakOnFailure === undefined ? {} : { breakOnFailure: validateFlag(a.breakOnFailure, 'breakOnFailure') }),
      ...(() => {
        const b = validateBuffering(a.buffering, a.bufferSize);
        return b === undefined ? {} : { buffering: b };
      })(),
      channel: validateChannel(a.channel),
      reseal: a.reseal === undefined ? true : validateFlag(a.reseal, 'reseal'),
      ...(a.schemas === undefined ? {} : { schemas: validateFlag(a.schemas, 'schemas') }),
    };
  } catch (e) {
    if (e instanceof OptionError) throw new LoadError(`Invalid launch configuration: ${e.message}.`);
    throw e;
  }
}
