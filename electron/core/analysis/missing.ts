/**
 * A value that could not be computed, with the reason. Analysis tables carry this instead of NaN,
 * so every gap in a report says why it is there.
 */
export interface Missing {
  missing: string;
}

export type Maybe<T> = T | Missing;

export function missing(reason: string): Missing {
  return { missing: reason };
}

export function isMissing(value: unknown): value is Missing {
  return typeof value === 'object' && value !== null && 'missing' in value;
}
