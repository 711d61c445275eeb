// The analysis of one input file for `check` and `dump` when it is not streamed: a text is read into
// a string (its bytes let go), and first analysed without a source map when the output allows it.

import { analyze, analyzeTextWithoutMap, decodeDocument, decodeTextDocument, type Analysis } from '../../core/src';
import type { CliOptions } from './args';
import { formOf, readInput, readTextInput } from './readInput';
import { withSchemas, writeOptions } from './schemas';

/**
 * `mapOnlyIfNeeded`: the caller shows nothing of the text but its problems (`check`, `dump`), so a
 * text whose every problem is the parser's own is analysed without a source map (docs/format.md
 * §8.3); else, and for `dump --json` and the reports, with it. The output is the same either way.
 */
export function analyzeInput(file: string, o: CliOptions, mapOnlyIfNeeded: boolean): Analysis {
  const opts = { buffering: o.buffering, channel: o.channel, ...writeOptions(o.loadedSchemas, file) };
  if (formOf(file) === 'binary')
    return analyze(withSchemas(decodeDocument(file, readInput(file), opts), o.loadedSchemas, file));
  const { text, problem } = readTextInput(file);
  // A text with user schemas has its fields decoded after the decode: always with the map.
  if (mapOnlyIfNeeded && !o.loadedSchemas?.perFile.has(file)) {
    const lean = analyzeTextWithoutMap(text, opts, problem);
    if (lean) return lean;
  }
  return analyze(withSchemas(decodeTextDocument(text, opts, problem), o.loadedSchemas, file));
}
