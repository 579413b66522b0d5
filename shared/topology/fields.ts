import { z } from 'zod';

/** Largest time in milliseconds a file may hold (about 11.6 days). */
export const MAX_MS = 1e9;
/** Largest timeline duration in seconds a file may hold (about 115 days). */
export const MAX_S = 1e7;
/** Largest rate in requests per second a file may hold. */
export const MAX_RPS = 1e8;
/** Largest count (instances, workers, users, keys...) a file may hold. */
export const MAX_COUNT = 1e9;
/** Longest free-text string (names, descriptions) in characters. */
export const MAX_TEXT = 4000;
/** Longest id in characters. */
export const MAX_ID = 64;

/** Pattern of a component, endpoint or scenario id: lowercase letter, then lowercase letters, digits, dashes. */
export const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

const show = (input: unknown): string => {
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  if (typeof input === 'number' || typeof input === 'boolean' || input === null) return String(input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  return String(input);
};

/** Renders a raw input value for an error message (`got ...`). */
export const describeInput = show;

/** An integer field in [min, max] with messages like `must be an integer >= 1, got 0`. */
export function int(min: number, max: number = MAX_COUNT) {
  return z
    .int({ error: (iss) => `must be an integer, got ${show(iss.input)}` })
    .min(min, { error: (iss) => `must be an integer >= ${min}, got ${show(iss.input)}` })
    .max(max, { error: (iss) => `must be an integer <= ${max}, got ${show(iss.input)}` });
}

/** A finite number field; `min` is inclusive unless `exclusiveMin` is set. */
export function num(min: number, max: number, opts: { exclusiveMin?: boolean; exclusiveMax?: boolean } = {}) {
  const base = z.number({ error: (iss) => `must be a number, got ${show(iss.input)}` });
  const lower = opts.exclusiveMin
    ? base.gt(min, { error: (iss) => `must be a number > ${min}, got ${show(iss.input)}` })
    : base.min(min, { error: (iss) => `must be a number >= ${min}, got ${show(iss.input)}` });
  return opts.exclusiveMax
    ? lower.lt(max, { error: (iss) => `must be a number < ${max}, got ${show(iss.input)}` })
    : lower.max(max, { error: (iss) => `must be a number <= ${max}, got ${show(iss.input)}` });
}

/** A time in milliseconds, >= 0. */
export const ms = () => num(0, MAX_MS);
/** A strictly positive time in milliseconds. */
export const posMs = () => num(0, MAX_MS, { exclusiveMin: true });
/** A time on the scenario timeline in seconds, >= 0. */
export const sec = () => num(0, MAX_S);
/** A strictly positive time on the scenario timeline in seconds. */
export const posSec = () => num(0, MAX_S, { exclusiveMin: true });
/** A probability or fraction in [0, 1]. */
export const fraction = () => num(0, 1);
/** A size in bytes, integer >= 0. */
export const bytes = () => int(0, 1e12);
/** A money amount in US dollars, >= 0. */
export const usd = () => num(0, 1e9);

/** Free text (names, descriptions). */
export const text = () =>
  z
    .string({ error: (iss) => `must be a string, got ${show(iss.input)}` })
    .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` });

/** A human-readable name: 1 to 200 characters. */
export const name = () =>
  z
    .string({ error: (iss) => `must be a string, got ${show(iss.input)}` })
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' });

/** A stable id: lowercase letter first, then lowercase letters, digits and dashes. */
export const id = () =>
  z
    .string({ error: (iss) => `must be a string id, got ${show(iss.input)}` })
    .max(MAX_ID, { error: `must be at most ${MAX_ID} characters` })
    .regex(ID_PATTERN, {
      error: (iss) =>
        `must be an id of lowercase letters, digits and dashes starting with a letter (e.g. "order-db"), got ${show(iss.input)}`,
    });
