/** Types of build/pixels-wasm.mjs, for the test that keeps the committed module in step with the .wat. */
export function assemblePixelsSimd(): Promise<string>;
export const target: URL;
export function moduleSource(base64: string): string;
