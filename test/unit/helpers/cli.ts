// Runs the CLI's `main` in-process for the CLI tests: its exit status and what it printed.
import { main } from '../../../cli/src/main';

/** `vmbstate ARGS…`: the exit status (a promise when `--schema` files compile first), stdout and stderr. */
export function runCli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
