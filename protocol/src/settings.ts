// The `vmbstate.*` settings (the contributes.configuration schema in package.json), their defaults,
// and how they turn into decode options; the language server and the extension host both read them.
// Values from the client are checked field by field with the run-option rules the CLI and the
// debugger use (core/src/runOptions.ts): a refused value falls back to its default, and the caller
// is told what was refused and why.

import {
  OptionError,
  validateBufferSize,
  validateBuffering,
  validateChannelState,
  validateFlag,
  validateProfile,
  validateSchemaEntry,
  type Buffering,
  type SchemaEntry,
  type ChannelConfig,
  type ChannelLifecycle,
} from '../../core/src';

export interface ServerSettings {
  maxProblems: number;
  warnUnknownOptionalChunks: boolean;
  channel: { initialState: ChannelLifecycle; packetCallbacks: boolean };
  statusProfile: ChannelConfig['profile'];
  binary: { buffering: 'chunk' | 'whole' | 'size'; bufferSize: number };
  inlayHints: { enabled: boolean };
  /**
   * User schemas (docs/schemas.md): on or off, entries from the settings (relative paths from the
   * workspace folder), whether they may run in an untrusted workspace, and whether this one is
   * trusted (the client adds `workspaceTrusted`: it is not a setting a user writes).
   */
  schemas: { enabled: boolean; entries: SchemaEntry[]; enableInUntrustedWorkspace: boolean; workspaceTrusted: boolean };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  maxProblems: 1000,
  warnUnknownOptionalChunks: true,
  channel: { initialState: 'Disabled', packetCallbacks: true },
  statusProfile: 'default',
  binary: { buffering: 'chunk', bufferSize: 4096 },
  inlayHints: { enabled: true },
  schemas: { enabled: true, entries: [], enableInUntrustedWorkspace: false, workspaceTrusted: false },
};

type Raw = Record<string, unknown> | undefined;

function obj(v: unknown): Raw {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Read a dotted key from either nested objects ({channel: {initialState}}) or flat keys ("channel.initialState"). */
function pick(raw: Raw, key: string): unknown {
  if (!raw) return undefined;
  if (key in raw) return raw[key];
  const [head, ...rest] = key.split('.');
  return rest.length ? pick(obj(raw[head]), rest.join('.')) : undefined;
}

/** Where the settings' values are refused: each message names the setting, the value and the rule. */
export type Refusal = (message: string) => void;

/**
 * Normalise the `vmbstate` configuration section as the client sends it. A missing value takes
 * its default silently; a present but invalid one takes its default and is passed to `refused`.
 */
export function normalizeSettings(value: unknown, refused: Refusal = () => undefined): ServerSettings {
  const raw = obj(value);
  const d = DEFAULT_SETTINGS;
  /** The checked value of a setting, or its default. */
  const get = <T>(key: string, check: (v: unknown, name: string) => T, dflt: T): T => {
    const v = pick(raw, key);
    if (v === undefined || v === null) return dflt;
    try {
      return check(v, `vmbstate.${key}`);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      refused(`${e.message}; using ${JSON.stringify(dflt)}`);
      return dflt;
    }
  };
  const mode = get(
    'binary.buffering',
    (v, name) => {
      const b = validateBuffering(v, v === 'size' ? d.binary.bufferSize : undefined, {
        mode: name,
        size: 'vmbstate.binary.bufferSize',
      });
      return typeof b === 'object' ? 'size' : (b ?? d.binary.buffering);
    },
    d.binary.buffering,
  );
  return {
    maxProblems: get('maxProblems', positiveCount, d.maxProblems),
    warnUnknownOptionalChunks: get('warnUnknownOptionalChunks', validateFlag, d.warnUnknownOptionalChunks),
    channel: {
      initialState: get('channel.initialState', validateChannelState, d.channel.initialState),
      packetCallbacks: get('channel.packetCallbacks', validateFlag, d.channel.packetCallbacks),
    },
    statusProfile: get('statusProfile', validateProfile, d.statusProfile),
    binary: {
      buffering: mode,
      // Only "size" reads the buffer size (VS Code always sends one, with its default).
      bufferSize:
        mode === 'size' ? get('binary.bufferSize', validateBufferSize, d.binary.bufferSize) : d.binary.bufferSize,
    },
    inlayHints: { enabled: get('inlayHints.enabled', validateFlag, d.inlayHints.enabled) },
    schemas: {
      enabled: get('schemas.enabled', validateFlag, d.schemas.enabled),
      entries: get('schemas.entries', schemaEntries, d.schemas.entries),
      enableInUntrustedWorkspace: get(
        'schemas.enableInUntrustedWorkspace',
        validateFlag,
        d.schemas.enableInUntrustedWorkspace,
      ),
      workspaceTrusted: get('schemas.workspaceTrusted', validateFlag, d.schemas.workspaceTrusted),
    },
  };
}

/** `vmbstate.schemas.entries`: entries as in `.vmbstate-schemas.json` (one bad entry refuses the list). */
function schemaEntries(v: unknown, name: string): SchemaEntry[] {
  if (!Array.isArray(v)) throw new OptionError(`${name} must be an array of schema entries`);
  return v.map((e, i) => validateSchemaEntry(e, `${name}[${i}]`));
}

/** Whether user schemas run under these settings: enabled, and in a trusted workspace unless allowed in untrusted ones. */
export function schemasAllowed(s: ServerSettings): boolean {
  return s.schemas.enabled && (s.schemas.workspaceTrusted || s.schemas.enableInUntrustedWorkspace);
}

/** A count of at least 1, as `vmbstate check --max-problems` takes it. */
function positiveCount(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new OptionError(`${name} must be a whole number from 1, not ${JSON.stringify(v)}`);
  return v;
}
/** How a binary stream is cut into restore calls under these settings. */
export function bufferingOf(s: ServerSettings): Buffering {
  return s.binary.buffering === 'size' ? { size: s.binary.bufferSize } : s.binary.buffering;
}

/** The emulated channel the settings describe; a text file's `.channel` directive overrides it. */
export function channelOf(s: ServerSettings): Partial<ChannelConfig> {
  return { state: s.channel.initialState, packetCallbacks: s.channel.packetCallbacks, profile: s.statusProfile };
}
