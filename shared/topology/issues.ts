import type { z } from 'zod';
import { describeInput } from './fields.js';
import { objectShape, schemaAtPath } from './walk.js';

/** A validation finding: a dotted path (`components.api.workers`, arrays as `endpoints[0]`) and a message. */
export type Issue = { path: string; message: string; severity: 'error' | 'warning' };

/** Dotted path text of path segments; numbers become `[n]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Edit distance between two short strings (for did-you-mean hints). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/** ` (did you mean "x"?)` when one candidate is close to `word`, else the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== undefined && bestD <= limit ? ` (did you mean "${best}"?)` : '';
}

const listValues = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

const EXPECTED: Record<string, string> = {
  object: 'an object',
  record: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

const isDefaultMessage = (m: string): boolean => /^(Invalid|Too |Unrecognized)/.test(m);

type RawIssue = z.core.$ZodIssue;

/** Turns zod issues into user-facing Issues with actionable messages. */
export function formatZodIssues(issues: readonly RawIssue[], root: z.ZodType, rootValue: unknown): Issue[] {
  const out: Issue[] = [];
  const push = (path: readonly PropertyKey[], message: string) =>
    out.push({ path: formatPath(path), message, severity: 'error' });

  const visit = (iss: RawIssue, prefix: readonly PropertyKey[]) => {
    const path = [...prefix, ...iss.path];
    const input = (iss as { input?: unknown }).input;
    switch (iss.code) {
      case 'invalid_type': {
        if (input === undefined) push(path, 'is required');
        else if (!isDefaultMessage(iss.message)) push(path, iss.message);
        else push(path, `must be ${EXPECTED[iss.expected] ?? iss.expected}, got ${describeInput(input)}`);
        return;
      }
      case 'invalid_value': {
        const values = iss.values;
        if (input === undefined)
          push(
            path,
            `is required: ${values.length === 1 ? listValues(values) : `one of ${listValues(values)}`}`,
          );
        else if (typeof input === 'string' && values.every((v) => typeof v === 'string')) {
          push(
            path,
            `must be one of ${listValues(values)}; got ${describeInput(input)}${didYouMean(input, values as string[])}`,
          );
        } else
          push(
            path,
            `must be ${values.length === 1 ? listValues(values) : `one of ${listValues(values)}`}; got ${describeInput(input)}`,
          );
        return;
      }
      case 'invalid_union': {
        const disc = (iss as { discriminator?: string }).discriminator;
        const options = ((iss as { options?: unknown[] }).options ?? []).filter(
          (o) => typeof o === 'string',
        ) as string[];
        if (disc !== undefined) {
          const got =
            typeof input === 'object' && input !== null
              ? (input as Record<string, unknown>)[disc]
              : undefined;
          if (got === undefined) push(path, `is required: one of ${listValues(options)}`);
          else
            push(
              path,
              `must be one of ${listValues(options)}; got ${describeInput(got)}${typeof got === 'string' ? didYouMean(got, options) : ''}`,
            );
          return;
        }
        const branches = iss.errors;
        const fitting = branches.find(
          (b) => b.length > 0 && !b.every((e) => e.path.length === 0 && e.code === 'invalid_type'),
        );
        if (fitting && typeof input === 'object' && input !== null) {
          for (const e of fitting) visit(e, path);
          return;
        }
        const alternatives = branches
          .flat()
          .filter((e) => e.path.length === 0 && e.code === 'invalid_value')
          .flatMap((e) => (e as { values: unknown[] }).values);
        push(
          path,
          alternatives.length > 0
            ? `must be one of ${listValues(alternatives)} or a distribution object; got ${describeInput(input)}`
            : `has the wrong form, got ${describeInput(input)}`,
        );
        return;
      }
      case 'unrecognized_keys': {
        const shape = objectShape(schemaAtPath(root, rootValue, path));
        const allowed = shape ? Object.keys(shape) : [];
        for (const key of iss.keys) {
          push(
            [...path, key],
            `unknown field${didYouMean(key, allowed)}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`,
          );
        }
        return;
      }
      case 'invalid_key': {
        const inner = iss.issues[0];
        push(
          path,
          inner && !isDefaultMessage(inner.message)
            ? `key ${inner.message}`
            : `invalid key ${describeInput(input)}`,
        );
        return;
      }
      case 'invalid_element':
        for (const e of iss.issues) visit(e, path);
        return;
      case 'too_small':
      case 'too_big': {
        if (!isDefaultMessage(iss.message)) push(path, iss.message);
        else {
          const bound = iss.code === 'too_small' ? iss.minimum : iss.maximum;
          const op = iss.code === 'too_small' ? (iss.inclusive ? '>=' : '>') : iss.inclusive ? '<=' : '<';
          const what = iss.origin === 'string' ? 'length' : iss.origin === 'array' ? 'item count' : 'value';
          push(path, `${what} must be ${op} ${String(bound)}, got ${describeInput(input)}`);
        }
        return;
      }
      default:
        push(
          path,
          isDefaultMessage(iss.message) ? `${iss.message}, got ${describeInput(input)}` : iss.message,
        );
    }
  };
  for (const iss of issues) visit(iss, []);
  return out;
}
