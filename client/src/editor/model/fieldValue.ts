// Editing a decoded field's value from the chunk tree: parse what the user typed for the field's
// type into the bytes to write (little-endian, GUIDs in Windows layout). Pure; unit-tested.

import { parseGuid } from '../../../../core/src';
import { overwriteBytes, type ByteEdit, EditError, parseHexBytes } from './bytes';

export type EditableFieldType = 'u8' | 'u16' | 'u32' | 'u64' | 'guid' | 'bytes' | 'utf8';

export interface FieldTarget {
  name: string;
  type: EditableFieldType | 'group';
  start: number;
  end: number;
}

const INT_SIZES: Record<'u8' | 'u16' | 'u32' | 'u64', number> = { u8: 1, u16: 2, u32: 4, u64: 8 };

/** Parse a decimal, 0x-hex or 0b-binary integer ("17", "0x11", "0b10001", "65_536"); undefined when not an integer. */
export function parseInteger(text: string): bigint | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^-?[0-9]+$/.test(t) || /^0x[0-9a-f]+$/i.test(t) || /^0b[01]+$/i.test(t)) {
    try {
      return BigInt(t);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The bytes a field of `type` and `size` bytes holds for the text the user typed; throws EditError explaining why not. */
export function encodeFieldValue(type: FieldTarget['type'], size: number, text: string): Uint8Array {
  switch (type) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 'u64': {
      const width = INT_SIZES[type];
      if (size !== width) throw new EditError(`field is ${size} bytes, a ${type} needs ${width}`);
      const v = parseInteger(text);
      if (v === undefined)
        throw new EditError(`"${text.trim()}" is not an integer: type a decimal number or 0x followed by hex digits`);
      const max = (1n << BigInt(width * 8)) - 1n;
      const min = -(1n << BigInt(width * 8 - 1));
      if (v > max || v < min) throw new EditError(`${text.trim()} does not fit in ${type} (0..${max})`);
      const u = v < 0n ? v + max + 1n : v;
      const out = new Uint8Array(width);
      for (let i = 0; i < width; i++) out[i] = Number((u >> BigInt(i * 8)) & 0xffn);
      return out;
    }
    case 'guid': {
      const g = parseGuid(text);
      if (!g) throw new EditError(`"${text.trim()}" is not a GUID: type {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`);
      if (size !== 16) throw new EditError(`field is ${size} bytes, a GUID needs 16`);
      return g;
    }
    case 'utf8': {
      let s = text;
      // Accept the tree's JSON display form ("…") as well as bare text.
      if (/^\s*".*"\s*$/s.test(text)) {
        try {
          s = JSON.parse(text.trim()) as string;
        } catch {
          throw new EditError('the quoted text is not a valid JSON string');
        }
      }
      const b = new TextEncoder().encode(s);
      if (b.length !== size)
        throw new EditError(
          `the text is ${b.length} bytes in UTF-8; the field holds exactly ${size} (insert or delete bytes in the hex view to change its length)`,
        );
      return b;
    }
    case 'bytes': {
      const b = parseHexBytes(text);
      if (!b) throw new EditError('type the bytes as hex digits, e.g. "00 01 ff"');
      if (b.length !== size)
        throw new EditError(
          `${b.length} byte(s) given; the field holds exactly ${size} (insert or delete bytes in the hex view to change its length)`,
        );
      return b;
    }
    case 'group':
      throw new EditError('a group has no value of its own: edit its fields');
  }
}

/** The edit that writes `text` into the field at [start, end). */
export function editField(bytes: Uint8Array, f: FieldTarget, text: string): ByteEdit {
  if (f.end > bytes.length) throw new EditError(`field ${f.name} runs past the end of the file`);
  const data = encodeFieldValue(f.type, f.end - f.start, text);
  const e = overwriteBytes(bytes, f.start, data);
  e.label = `Set ${f.name}`;
  e.selectionBefore = e.selectionAfter = { start: f.start, end: f.end };
  return e;
}
