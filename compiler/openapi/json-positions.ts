/**
 * Source positions in a JSON text without building a syntax tree: each
 * container is scanned once, on first need, into a table of its members'
 * offsets. Locating a few problems in a 13 MB document therefore costs about
 * one pass over it, where a YAML CST of the same file costs seconds and
 * hundreds of megabytes.
 */
import type { Location } from '../problems.js';
import type { Pointer } from './source.js';

interface Member {
  keyAt: number;
  valueAt: number;
}

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

export class JsonLocator {
  private readonly members = new Map<number, Map<string, Member>>();
  private lineStarts: number[] | null = null;

  constructor(private readonly text: string) {}

  private ws(i: number): number {
    while (i < this.text.length && WS.has(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** Index just after the string starting at `i` (a `"`). */
  private skipString(i: number): number {
    const t = this.text;
    let j = i;
    for (;;) {
      j = t.indexOf('"', j + 1);
      if (j === -1) return t.length;
      // A quote preceded by an odd number of backslashes is escaped.
      let k = j - 1;
      while (t.charCodeAt(k) === 0x5c) k--;
      if ((j - k) % 2 === 1) return j + 1;
    }
  }

  /** Index just after the value starting at `i`; the regex engine finds the next quote or bracket. */
  private skipValue(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 0x22) return this.skipString(i);
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      const re = /["{}[\]]/g;
      re.lastIndex = i;
      for (let m = re.exec(t); m; m = re.exec(t)) {
        const d = t.charCodeAt(m.index);
        if (d === 0x22) {
          re.lastIndex = this.skipString(m.index);
        } else if (d === 0x7b || d === 0x5b) {
          depth++;
        } else {
          depth--;
          if (depth === 0) return m.index + 1;
        }
      }
      return t.length;
    }
    let j = i;
    while (j < t.length) {
      const d = t.charCodeAt(j);
      if (d === 0x2c || d === 0x7d || d === 0x5d || WS.has(d)) break;
      j++;
    }
    return j;
  }

  /** Member table of the container starting at `at` (`{` or `[`). */
  private table(at: number): Map<string, Member> {
    const cached = this.members.get(at);
    if (cached) return cached;
    const t = this.text;
    const out = new Map<string, Member>();
    const isObject = t.charCodeAt(at) === 0x7b;
    let i = this.ws(at + 1);
    let index = 0;
    while (i < t.length && t.charCodeAt(i) !== 0x7d && t.charCodeAt(i) !== 0x5d) {
      let key: string;
      const keyAt = i;
      if (isObject) {
        const end = this.skipString(i);
        try {
          key = JSON.parse(t.slice(i, end)) as string;
        } catch {
          break;
        }
        i = this.ws(end);
        if (t.charCodeAt(i) !== 0x3a) break;
        i = this.ws(i + 1);
      } else {
        key = String(index++);
      }
      out.set(key, { keyAt, valueAt: i });
      i = this.ws(this.skipValue(i));
      if (t.charCodeAt(i) === 0x2c) i = this.ws(i + 1);
    }
    this.members.set(at, out);
    return out;
  }

  /** Offsets of the member at `pointer` (or of its nearest existing ancestor). */
  find(pointer: Pointer): Member {
    let cur: Member = { keyAt: this.ws(0), valueAt: this.ws(0) };
    for (const seg of pointer) {
      const c = this.text.charCodeAt(cur.valueAt);
      if (c !== 0x7b && c !== 0x5b) break;
      const next = this.table(cur.valueAt).get(String(seg));
      if (!next) break;
      cur = next;
    }
    return cur;
  }

  position(file: string, offset: number): Location {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}
