/** Files or slices handled between yields: a long import must leave the app responsive. */
export const YIELD_EVERY = 16;

/** Lets timers and I/O callbacks run (resolved promises alone would not). */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
