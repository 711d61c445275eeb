// `vmbstate`: the command-line face of the core library, for CI checks of fixture files.

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
import { parseArgs, USAGE, UsageError } from './args';
import { printable } from './print';
import { InputError } from './readInput';
import { FileAccessError } from '../../core/src/node/files';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

// The native CRC-32C where it loads (docs/format.md, CRC-32C implementations); the JavaScript one otherwise.
useNativeCrc32c();

declare const VMBSTATE_VERSION: string | undefined;

export function main(argv: string[], rawOut: (s: string) => void, rawErr: (s: string) => void): number {
  // Escaped at print time, whatever the line holds: no input byte reaches the terminal raw.
  const out = (s: string) => rawOut(printable(s));
  const err = (s: string) => rawErr(printable(s));
  try {
    const o = parseArgs(argv);
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
}

if (require.main === module) {
  // `vmbstate dump x | head` closes the pipe early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(
    process.argv.slice(2),
    (s) => process.stdout.write(s + '\n'),
    (s) => process.stderr.write(s + '\n'),
  );
}
