// TEXT-* codes: errors in the text form itself (syntax and meaning), as opposed to findings
// about the bytes it assembles to. Every one carries the text range at fault.

import type { Problem, TextRange } from '../model';

export const TEXT_CODES = {
  'TEXT-TOKEN': 'Token is not a label, hex bytes or a typed literal',
  'TEXT-HEX': 'Hex byte token has an odd number of digits',
  'TEXT-NUMBER': 'Malformed number',
  'TEXT-RANGE': 'Value out of range for its type',
  'TEXT-STRING': 'Malformed string literal',
  'TEXT-GUID': 'Malformed GUID',
  'TEXT-AUTO': '`auto` used where no value can be computed',
  'TEXT-DIRECTIVE': 'Unknown directive',
  'TEXT-OPTION': 'Unknown, repeated, missing or invalid directive option',
  'TEXT-BLOCK': '.chunk/.end or .raw/.endraw unbalanced, or bytes outside a block',
  'TEXT-ORDER': 'Directive in a place where it has no meaning',
  'TEXT-TRUNCATE': '.truncate removes more bytes than the call holds',
  'TEXT-LIMIT': 'Assembled stream exceeds the size limit, or the text holds more chunks or steps than are read (§8.1)',
  'TEXT-INTERNAL': 'Internal error while reading the text (a bug: please report it)',
} as const;

export type TextCode = keyof typeof TEXT_CODES;

export function textProblem(code: TextCode, message: string, text: TextRange): Problem {
  return { code, message, severity: 'error', text };
}
