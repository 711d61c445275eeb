// Command-line parsing for `vmbstate`: subcommand, options and files; errors name the bad word.

import {
  CHANNEL_LIFECYCLE,
  OptionError,
  parseBufferingWord,
  parseSchemaFlag,
  validateChannelState,
  validateProfile,
  validateBufferSize,
  type Buffering,
  type ChannelConfig,
  type SchemaEntry,
} from '../../core/src';
import type { CliSchemas } from './schemas';

export interface CliOptions {
  command:
    | 'check'
    | 'dump'
    | 'convert'
    | 'diff'
    | 'textconv'
    | 'mutate'
    | 'coverage'
    | 'export'
    | 'sweep'
    | 'help'
    | 'version';
  files: string[];
  json: boolean;
  buffering?: Buffering;
  channel: Partial<ChannelConfig>;
  maxProblems: number;
  /** dump: print fields of every chunk. */
  fields: boolean;
  /** check: also print information lines (failures a fixture's .expect asserts). */
  verbose: boolean;
  /** convert: write even when OUT is IN (the same file by path or inode). */
  force: boolean;
  /** diff: list framing differences too (they are counted either way). */
  framing: boolean;
  /** diff: exit 1 when the two differ, 0 when identical (as git diff --exit-code). */
  exitCode: boolean;
  /** check: the report format (`--json` is `--format json`). */
  format: CheckFormat;
  /** coverage: `all` or the codes that must each have a fixture. */
  require?: string;
  /** export: the language of the generated test data. */
  lang?: ExportLang;
  /** export: where to write (standard output when absent). */
  output?: string;
  /** sweep: the smallest and largest buffer size swept. */
  min?: number;
  max?: number;
  /** check, dump: `--schema KEY=FILE.ksy`, in the order given (docs/schemas.md). */
  schemas: SchemaEntry[];
  /** The compiled `--schema` files, loaded by main before the command runs. */
  loadedSchemas?: CliSchemas;
}

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const EXPORT_LANGS = ['c', 'rust', 'python'] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

export class UsageError extends Error {}

export const USAGE = `Usage: vmbstate <command> [options] <file>...

Commands:
  check FILE...        Decode each file and run the emulated restore; print problems as
                       file:line:col: severity: [CODE] message. Exit 1 when any error is found.
  dump FILE            Print the chunk tree and the restore trace (status of every call).
  convert IN OUT       Binary (.vmbstate) <-> hex-annotated text (.vmbhex), chosen by OUT's extension.
                       OUT is replaced atomically; OUT may not be IN unless --force.
  diff A B             Structural diff of two saved states (either form): changed fields with
                       A's and B's file:line:col, records only in A or B, the restore call by call.
  textconv FILE        Canonical text for git diff (see docs/compare.md for the .gitattributes recipe).
  mutate GOOD OUTDIR   From a stream that restores cleanly, write one failing .vmbhex fixture per
                       diagnostic code it can produce, each with its .expect lines.
  coverage DIR...      Which diagnostic codes and statuses the fixtures under DIR assert.
  export FILE          Each restore call's buffer, BufferSize and expected status as test data.
  sweep FILE           Restore the stream under every distinct packing of its whole chunks into
                       N-byte buffers, and where a save with N-byte buffers hits BUFFER_TOO_SMALL.

Options:
  --json                     Machine-readable output (check, dump, diff, coverage, mutate, sweep).
  --format text|json|sarif|junit
                             check: the report format (default text; json is --json).
  --require all|CODE,...     coverage: exit 1 when one of these codes has no fixture.
  --lang c|rust|python       export: the language of the test data (required).
  -o, --output FILE          export: write FILE (atomically) instead of standard output.
  --min N, --max N           sweep: the buffer sizes swept (default 1 to the stream's length).
  --framing                  diff: also list framing differences (Sequence, CRCs, padding, call
                             boundaries, PayloadLength that follows the content); always counted.
  --exit-code                diff: exit 1 when A and B differ, 0 when identical (2: usage, unreadable).
  --buffering chunk|whole|N  How a binary file is cut into restore calls: one chunk per call
                             (default), the whole file, or whole chunks packed into N-byte buffers.
  --channel-state STATE      Emulated channel state before restore: ${CHANNEL_LIFECYCLE.join(', ')} (default Disabled).
  --no-packet-callbacks      The emulated channel has no save/restore packet callbacks.
  --profile default|vid      Statuses for content/version failures: generic or STATUS_VID_SAVED_STATE_*.
  --schema KEY=FILE.ksy      check, dump: decode with a Kaitai Struct schema (repeatable). KEY is
                             vsp (every PACKET's VspState), lib (its LibState) or an optional
                             chunk type such as 0x8123; FILE.ksy#TYPE picks a top-level type.
  --max-problems N           Print at most N problems per file (default 1000).
  --no-fields                dump: chunks only, no fields.
  --verbose                  check: also print information lines, such as failures that a
                             fixture's .expect lines assert (hidden by default).
  --force                    convert: allow OUT to be IN (the text's directives and comments are lost).
  -h, --help                 This help.   -v, --version   The version.

Text files (.vmbhex) carry their own .call/.channel/.expect directives; the options above are
defaults for binary files and for text files without a .channel directive.`;

/** A refused option value is a usage error (exit 2). */
function shared<T>(validate: () => T): T {
  try {
    return validate();
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    command: 'help',
    files: [],
    json: false,
    channel: {},
    maxProblems: 1000,
    fields: true,
    verbose: false,
    force: false,
    framing: false,
    exitCode: false,
    format: 'text',
    schemas: [],
  };
  const rest = [...argv];
  const value = (flag: string) => {
    const v = rest.shift();
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  let command: string | undefined;
  while (rest.length) {
    const a = rest.shift()!;
    if (a === '-h' || a === '--help') return { ...o, command: 'help' };
    if (a === '-v' || a === '--version') return { ...o, command: 'version' };
    if (a === '--json') {
      o.json = true;
      o.format = 'json';
    } else if (a === '--format') {
      const v = value(a);
      if (!(CHECK_FORMATS as readonly string[]).includes(v))
        throw new UsageError(`--format takes ${CHECK_FORMATS.join(', ')}, not '${v}'`);
      o.format = v as CheckFormat;
      o.json = v === 'json';
    } else if (a === '--require') o.require = value(a);
    else if (a === '--lang') {
      const v = value(a);
      if (!(EXPORT_LANGS as readonly string[]).includes(v))
        throw new UsageError(`--lang takes ${EXPORT_LANGS.join(', ')}, not '${v}'`);
      o.lang = v as ExportLang;
    } else if (a === '-o' || a === '--output') o.output = value(a);
    else if (a === '--no-fields') o.fields = false;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--force') o.force = true;
    else if (a === '--framing') o.framing = true;
    else if (a === '--exit-code') o.exitCode = true;
    else if (a === '--no-packet-callbacks') o.channel.packetCallbacks = false;
    // The run options go through the validator the launch attributes and settings use.
    else if (a === '--buffering') o.buffering = shared(() => parseBufferingWord(value(a), a));
    else if (a === '--channel-state') o.channel.state = shared(() => validateChannelState(value(a), a));
    else if (a === '--profile') o.channel.profile = shared(() => validateProfile(value(a), a));
    else if (a === '--min' || a === '--max') {
      const n = shared(() => validateBufferSize(value(a), a));
      if (a === '--min') o.min = n;
      else o.max = n;
    } else if (a === '--schema') o.schemas.push(shared(() => parseSchemaFlag(value(a))));
    else if (a === '--max-problems') {
      const v = value(a);
      if (!/^\d+$/.test(v) || +v < 1) throw new UsageError(`--max-problems takes a positive number, not '${v}'`);
      o.maxProblems = +v;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else if (command === undefined) command = a;
    else o.files.push(a);
  }
  if (command === undefined) return o;
  if (
    !['check', 'dump', 'convert', 'diff', 'textconv', 'mutate', 'coverage', 'export', 'sweep', 'help'].includes(command)
  )
    throw new UsageError(
      `unknown command '${command}' (check, dump, convert, diff, textconv, mutate, coverage, export, sweep)`,
    );
  o.command = command as CliOptions['command'];
  if (command === 'check' && o.files.length === 0) throw new UsageError('check needs at least one file');
  if (command === 'dump' && o.files.length !== 1) throw new UsageError('dump takes exactly one file');
  if (command === 'convert' && o.files.length !== 2) throw new UsageError('convert takes an input and an output file');
  if (command === 'diff' && o.files.length !== 2) throw new UsageError('diff takes exactly two files (A and B)');
  if (command === 'textconv' && o.files.length !== 1) throw new UsageError('textconv takes exactly one file');
  if (command === 'mutate' && o.files.length !== 2)
    throw new UsageError('mutate takes a good input and an output folder');
  if (command === 'coverage' && o.files.length === 0)
    throw new UsageError('coverage needs at least one folder or file');
  if (command === 'export' && o.files.length !== 1) throw new UsageError('export takes exactly one file');
  if (command === 'export' && !o.lang) throw new UsageError('export needs --lang c, rust or python');
  if (command === 'sweep' && o.files.length !== 1) throw new UsageError('sweep takes exactly one file');
  if ((o.min !== undefined || o.max !== undefined) && command !== 'sweep')
    throw new UsageError('--min and --max are options of sweep');
  if (o.min !== undefined && o.max !== undefined && o.min > o.max)
    throw new UsageError(`--min ${o.min} is larger than --max ${o.max}`);
  if (o.schemas.length && command !== 'check' && command !== 'dump' && command !== 'diff')
    throw new UsageError(`--schema applies to check, dump and diff, not ${command}`);
  return o;
}
