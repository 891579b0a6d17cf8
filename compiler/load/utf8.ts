/**
 * Strict UTF-8 decoding that says *where* a file stops being UTF-8, so the
 * problem can point at the offending line and column.
 */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the buffer is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column (in characters) of a byte offset in a buffer that is valid UTF-8 before it. */
export function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
}

/** The text (BOM stripped), or the position of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalidAt: { line: number; column: number } } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { invalidAt: positionOfByte(bytes, Math.max(at, 0)) };
  }
}
