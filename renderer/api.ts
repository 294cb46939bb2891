import type { MirageApi } from '../electron/contract.ts';

declare global {
  interface Window {
    mirage: MirageApi;
  }
}

/** The only way to reach the core: the contract's methods, exposed by preload (or the test bridge). */
export const mirage: MirageApi = window.mirage;

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
