// `vmbstate`: the command-line face of the core library, for CI checks of fixture files.

import { writeAllSync } from './stdoutWriter';
import { runCheck } from './check';
import { runCheckReport } from './checkReport';
import { runConvert } from './convert';
import { runCoverage } from './coverage';
import { runDiff } from './diff';
import { runDump } from './dump';
import { runExport } from './export';
import { runMutate } from './mutate';
import { runTextconv } from './textconv';
import { runSweep } from './sweep';
import { parseArgs, USAGE, UsageError, type CliOptions } from './args';
import { directiveEntries, loadCliSchemas } from './schemas';
import { printable } from './print';
import { InputError } from './readInput';
import { FileAccessError } from '../../core/src/node/files';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

// The native CRC-32C where it loads (docs/format.md, CRC-32C implementations); the JavaScript one otherwise.
useNativeCrc32c();

declare const VMBSTATE_VERSION: string | undefined;

/** The exit status; a promise of it when `--schema` files must be compiled first (the compiler is asynchronous). */
export function main(
  argv: string[],
  rawOut: (s: string) => void,
  rawErr: (s: string) => void,
): number | Promise<number> {
  // Escaped at print time, whatever the line holds: no input byte reaches the terminal raw.
  const out = (s: string) => rawOut(printable(s));
  const err = (s: string) => rawErr(printable(s));
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    return failure(e, err);
  }
  const schemaCommand = o.command === 'check' || o.command === 'dump' || o.command === 'diff';
  const directives = schemaCommand ? directiveEntries(o.files) : new Map<string, never[]>();
  if (!o.schemas.length && !directives.size) return run(o, out, err);
  return loadCliSchemas(o.files, o.schemas, directives).then(
    (loaded) => {
      o.loadedSchemas = loaded;
      if (o.command !== 'check')
        for (const f of loaded.failures) err(`vmbstate: warning: [SCHEMA-COMPILE] ${f.file}: the schema ${f.message}`);
      return run(o, out, err);
    },
    (e: unknown) => failure(e, err),
  );
}

function run(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  try {
    switch (o.command) {
      case 'help':
        out(USAGE);
        return 0;
      case 'version':
        out(typeof VMBSTATE_VERSION === 'string' ? VMBSTATE_VERSION : '0.1.0');
        return 0;
      case 'check':
        return o.format === 'sarif' || o.format === 'junit' ? runCheckReport(o, out, err) : runCheck(o, out, err);
      case 'dump':
        return runDump(o, out);
      case 'convert':
        return runConvert(o, out, err);
      case 'diff':
        return runDiff(o, out, err);
      case 'textconv':
        return runTextconv(o, out);
      case 'mutate':
        return runMutate(o, out, err);
      case 'coverage':
        return runCoverage(o, out, err);
      case 'export':
        return runExport(o, out, err);
      case 'sweep':
        return runSweep(o, out);
    }
  } catch (e) {
    return failure(e, err);
  }
}

/** The exit status of a thrown error: 2 for usage and unreadable input, 3 for a bug. */
function failure(e: unknown, err: (s: string) => void): number {
  if (e instanceof UsageError) {
    err(`vmbstate: ${e.message}\nRun 'vmbstate --help' for usage.`);
    return 2;
  }
  if (e instanceof InputError || e instanceof FileAccessError) {
    err(`vmbstate: ${e.message}`);
    return 2;
  }
  err(`vmbstate: internal error: ${(e as Error).stack ?? e} (please report this with the input file)`);
  return 3;
}

/** Joins printed lines into pieces of about `size` characters before writing them. */
export class LineBatcher {
  private lines: string[] = [];
  private chars = 0;
  constructor(
    private readonly write: (s: string) => void,
    private readonly size = 1 << 13,
  ) {}
  line(s: string): void {
    this.lines.push(s);
    this.chars += s.length + 1;
    if (this.chars >= this.size) this.flush();
  }
  flush(): void {
    if (!this.lines.length) return;
    const piece = this.lines.join('\n') + '\n';
    this.lines = [];
    this.chars = 0;
    this.write(piece);
  }
}

if (require.main === module) {
  // Lines go out in pieces of about 8 KiB, not one write per line: a dump of millions of lines
  // would otherwise make a buffer per line. Each piece is written before the next is made, waiting
  // while a pipe is full (stdoutWriter.ts), so memory stays bounded however slowly the output is
  // read; `vmbstate dump x | head` closes the pipe early: stop quietly, as other command-line tools
  // do. What goes to stderr first flushes stdout, so the two keep their order.
  const stdout = new LineBatcher((s) => writeAllSync(1, s, () => process.exit(process.exitCode ?? 0)));
  const code = main(
    process.argv.slice(2),
    (s) => stdout.line(s),
    (s) => {
      stdout.flush();
      process.stderr.write(s + '\n');
    },
  );
  if (typeof code === 'number') {
    stdout.flush();
    process.exitCode = code;
  } else
    void code.then((c) => {
      stdout.flush();
      process.exitCode = c;
    });
}
