// Restore plans as test data (`vmbstate export`, "Export Restore Calls as Test Data…"): each
// restore call's buffer, BufferSize and expected status as C, Rust or Python source, so a
// driver's own unit tests (a mock KMCL replaying the calls) use the fixtures the editor shows
// (docs/format.md §8.8).

import { cLines } from './c';
import type { ExportLanguage, ExportPlan } from './plan';
import { pythonLines } from './python';
import { rustLines } from './rust';

export {
  exportPlan,
  identifierStem,
  EXPORT_LANGUAGES,
  type ExportLanguage,
  type ExportPlan,
  type ExportedCall,
} from './plan';

/** The source text, line by line (no line breaks), so a large stream is never one string. */
export function* exportLines(plan: ExportPlan, lang: ExportLanguage): Generator<string> {
  if (lang === 'c') yield* cLines(plan);
  else if (lang === 'rust') yield* rustLines(plan);
  else yield* pythonLines(plan);
}
