// Preload (sandboxed): exposes window.mirage, one method per contract call, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { callNames, channelOf, eventNames, shellCallNames, type Envelope, type MirageApi } from './contract.ts';

async function invoke(name: string, input: unknown): Promise<unknown> {
  const envelope = (await ipcRenderer.invoke(channelOf(name), input)) as Envelope<unknown>;
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

const api: Record<string, unknown> = {
  on(event: string, listener: (payload: unknown) => void) {
    if (!(eventNames as string[]).includes(event)) throw new Error(`unknown event "${event}"`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channelOf(event), wrapped);
    return () => ipcRenderer.removeListener(channelOf(event), wrapped);
  },
};
for (const name of [...callNames, ...shellCallNames]) api[name] = (input: unknown) => invoke(name, input);

contextBridge.exposeInMainWorld('mirage', api as unknown as MirageApi);
