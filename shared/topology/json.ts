/** Largest file accepted, in characters (UTF-16 code units). */
export const MAX_FILE_CHARS = 5_000_000;
/** Deepest nesting of arrays and objects accepted. */
export const MAX_DEPTH = 40;
/** Most values (of any type) a document may hold. */
export const MAX_VALUES = 500_000;
/** Longest string value or key accepted, in characters. */
export const MAX_STRING = 100_000;
/** Keys that could reach an object's prototype; rejected anywhere in a file. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A JSON value as produced by `readJson`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Outcome of reading JSON text. */
export type JsonReadResult =
  { ok: true; value: JsonValue } | { ok: false; message: string; line: number; column: number };

class JsonError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** Line and column (both 1-based) of an offset in text. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const describeChar = (text: string, pos: number): string =>
  pos >= text.length ? 'end of file' : JSON.stringify(text[pos]);

/**
 * Strict JSON (RFC 8259) reader that reports the first error with line and column, rejects duplicate
 * and prototype-reaching keys, and bounds size, depth, value count and string length. Never throws.
 */
export function readJson(text: string): JsonReadResult {
  if (text.length > MAX_FILE_CHARS) {
    return {
      ok: false,
      message: `file is too large: ${text.length} characters, the limit is ${MAX_FILE_CHARS}`,
      line: 1,
      column: 1,
    };
  }
  let pos = 0;
  let values = 0;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;

  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else return;
    }
  };

  const expectLiteral = (word: string) => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return;
    }
    throw new JsonError(`unexpected ${describeChar(text, pos)}, expected a value`, pos);
  };

  const parseString = (): string => {
    const start = pos;
    pos++;
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= text.length) throw new JsonError('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(chunk, pos);
        pos++;
        break;
      }
      if (c < 32) throw new JsonError('control character in string (escape it, e.g. \\n)', pos);
      if (c === 92) {
        out += text.slice(chunk, pos);
        const e = text[pos + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            pos += 2;
            break;
          case 'b':
            out += '\b';
            pos += 2;
            break;
          case 'f':
            out += '\f';
            pos += 2;
            break;
          case 'n':
            out += '\n';
            pos += 2;
            break;
          case 'r':
            out += '\r';
            pos += 2;
            break;
          case 't':
            out += '\t';
            pos += 2;
            break;
          case 'u': {
            const hex = text.slice(pos + 2, pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError('invalid \\u escape in string', pos);
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 6;
            break;
          }
          default:
            throw new JsonError('invalid escape in string', pos);
        }
        chunk = pos;
      } else {
        pos++;
      }
      if (pos - start > MAX_STRING) throw new JsonError(`string longer than ${MAX_STRING} characters`, start);
    }
    return out;
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const parseNumber = (): number => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-' || m[0].length === 0)
      throw new JsonError(`unexpected ${describeChar(text, pos)}, expected a value`, pos);
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw new JsonError(`number out of range: ${m[0].slice(0, 30)}`, pos);
    pos += m[0].length;
    return n;
  };

  const parseValue = (depth: number): JsonValue => {
    if (++values > MAX_VALUES) throw new JsonError(`more than ${MAX_VALUES} values`, pos);
    ws();
    const c = text[pos];
    if (c === '{') {
      if (depth >= MAX_DEPTH) throw new JsonError(`nested deeper than ${MAX_DEPTH} levels`, pos);
      pos++;
      const obj: { [key: string]: JsonValue } = {};
      const seen = new Set<string>();
      ws();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"')
          throw new JsonError(`unexpected ${describeChar(text, pos)}, expected a "key"`, pos);
        const keyPos = pos;
        const key = parseString();
        if (FORBIDDEN_KEYS.has(key)) throw new JsonError(`key "${key}" is not allowed`, keyPos);
        if (seen.has(key)) throw new JsonError(`duplicate key "${key}"`, keyPos);
        seen.add(key);
        ws();
        if (text[pos] !== ':')
          throw new JsonError(`unexpected ${describeChar(text, pos)}, expected ':'`, pos);
        pos++;
        obj[key] = parseValue(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          ws();
          if (text[pos] === '}') throw new JsonError('trailing comma before }', pos);
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        throw new JsonError(`unexpected ${describeChar(text, pos)}, expected ',' or '}'`, pos);
      }
    }
    if (c === '[') {
      if (depth >= MAX_DEPTH) throw new JsonError(`nested deeper than ${MAX_DEPTH} levels`, pos);
      pos++;
      const arr: JsonValue[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          ws();
          if (text[pos] === ']') throw new JsonError('trailing comma before ]', pos);
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        throw new JsonError(`unexpected ${describeChar(text, pos)}, expected ',' or ']'`, pos);
      }
    }
    if (c === '"') return parseString();
    if (c === 't') {
      expectLiteral('true');
      return true;
    }
    if (c === 'f') {
      expectLiteral('false');
      return false;
    }
    if (c === 'n') {
      expectLiteral('null');
      return null;
    }
    return parseNumber();
  };

  try {
    ws();
    if (pos >= text.length) throw new JsonError('file is empty', pos);
    const value = parseValue(0);
    ws();
    if (pos < text.length)
      throw new JsonError(`unexpected ${describeChar(text, pos)} after the end of the document`, pos);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof JsonError) {
      const { line, column } = lineColumn(text, e.pos);
      return { ok: false, message: e.message, line, column };
    }
    throw e;
  }
}
