// Installs the native CRC-32C of `@node-rs/crc32` (SSE4.2 / ARMv8 CRC) into core where it loads;
// where it does not (the .vsix ships no node_modules, an unsupported platform) core keeps its JavaScript CRC.

import { crc32cJs, setNativeCrc32c, type NativeCrc32c } from '../crc32c';

/** The package that provides it: bundles mark it external (scripts/build.mjs), so it is looked up at run time. */
export const NATIVE_CRC_PACKAGE = '@node-rs/crc32';

/**
 * Load the native CRC-32C from `moduleName` and install it when it agrees with the JavaScript one
 * on a check value and a chained pass. Returns what is in use afterwards; never throws.
 */
export function useNativeCrc32c(moduleName: string = NATIVE_CRC_PACKAGE): 'native' | 'javascript' {
  try {
    // A plain require: the name is a run-time value, so no bundler pulls the package in.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional native module, resolved at run time
    const mod = require(moduleName) as { crc32c?: NativeCrc32c };
    const fn = mod.crc32c;
    if (typeof fn !== 'function') return 'javascript';
    const probe = new TextEncoder().encode('123456789');
    const sane =
      fn(probe, 0) >>> 0 === 0xe3069283 && fn(probe.subarray(4), fn(probe.subarray(0, 4), 0)) >>> 0 === crc32cJs(probe);
    if (!sane) return 'javascript';
    setNativeCrc32c(fn);
    return 'native';
  } catch {
    return 'javascript';
  }
}
