// Input size limits shared by every reader (CLI, language server, debugger, editor), so that what
// one part of vmbstate writes another can read back (docs/format.md §8 "Limits").

/** Largest binary stream: a binary input, and the stream a text file may assemble (TEXT-LIMIT). */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

/** Largest `.vmbhex` input; a binary whose disassembly would be longer cannot be converted to text. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** Most problems collected for one document; past it one final finding counts the rest. */
export const MAX_COLLECTED_PROBLEMS = 10_000;

/**
 * Most chunks framed in one document (binary or text). A restorable stream needs far fewer: one
 * BEGIN, OFFER, CHANNEL_STATE and END, and the emulated driver holds at most 1,024 GPADLs, 65,536
 * packets and 256 messages (DEFAULT_LIMITS): about 66,800 records, so 2^18 leaves four times that
 * for CONTINUES fragments and optional chunks. Past it the rest of the input is neither framed
 * nor restored (LIMIT-CHUNKS): a document costs about 1 KB (binary) to 2 KB (text) of memory
 * per chunk, so the worst input within the size limits is analysed in about 1 GB (docs/format.md §8).
 */
export const MAX_CHUNKS = 262_144;

/**
 * Most steps (restore calls and `.op` operations) one text runs; past it the rest is not read
 * (TEXT-LIMIT). One more than MAX_CHUNKS: a binary holds at most one call per chunk plus the
 * call of the bytes past the chunk limit, so the disassembly of any binary reads back.
 */
export const MAX_STEPS = MAX_CHUNKS + 1;

/**
 * Most words after a directive's name on one line: none takes more than 12 (`.chunk TYPE` and 11
 * options), so the rest of a longer line is skipped unread (one TEXT-OPTION), not made into tokens.
 */
export const MAX_DIRECTIVE_WORDS = 64;

/**
 * Source segments made for the bytes of field lines in one text (one per literal, or per run of
 * hex pairs on a line; about 80 bytes each). Past it each further literal joins the previous
 * segment of its block, which grows to cover its text, so a text of one byte per line cannot
 * make 90 million of them. The disassembly of the largest binary that converts to text (16
 * bytes a line, under 256 MiB of text) has under 5 million lines: files vmbstate writes stay below.
 */
export const MAX_SOURCE_SEGMENTS = 8_388_608;

/** Input limit for a file of the given form. */
export const inputLimit = (form: 'binary' | 'text'): number => (form === 'text' ? MAX_TEXT_BYTES : MAX_STREAM_BYTES);

/** "256 MiB" for a byte count that is a whole number of MiB, else the count in bytes. */
export function formatByteLimit(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/**
 * User schemas (docs/schemas.md, "Limits"): a .ksy is code-like input, so reading, compiling and
 * running one is bounded. The largest .ksy read, and the most YAML nodes it may hold (counted with
 * repeats, so an alias bomb is refused before the compiler walks it).
 */
export const MAX_SCHEMA_BYTES = 1024 * 1024;
export const MAX_SCHEMA_NODES = 100_000;
/**
 * Time one .ksy compile may take: the compiler runs in a worker thread (core/src/node/ksyCompiler.ts)
 * that is terminated when it runs over, and the .ksy gets SCHEMA-COMPILE.
 */
export const SCHEMA_COMPILE_MS = 10_000;
/**
 * Time all user-schema parses of one document (with the reading of their fields) may take: the
 * payload being parsed then gets SCHEMA-LIMIT and those after it are not decoded.
 */
export const SCHEMA_DOCUMENT_MS = 5_000;
/** Deepest nesting of user types in one parse (a type that contains itself stops here). */
export const MAX_SCHEMA_DEPTH = 64;
/** Most user fields (values, structures, array items) one payload yields. */
export const MAX_SCHEMA_FIELDS = 10_000;
/** Most items one repeated user field may hold (the parse stops before allocating more). */
export const MAX_SCHEMA_ARRAY = 65_536;
