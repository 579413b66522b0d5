/** Seconds → milliseconds, keeping 'no value' (null) as null. */
export const toMs = (seconds: number | null): number | null => (seconds === null ? null : seconds * 1000);
