// The real core in a child process, as the end-to-end tests drive it: the same MirageCore and
// app-server as Electron's main, reached over a pipe (calls) and loopback HTTP (renderer files, pixels).
// Being a separate process lets a test SIGKILL it mid-session, like a crash of the app.
import { createServer } from 'node:http';
import { MirageCore } from '../../electron/core/service.ts';
import { appResponse } from '../../electron/core/app-server.ts';

export type HostMessage =
  | { type: 'ready'; port: number }
  | { type: 'result'; id: number; envelope: unknown }
  | { type: 'event'; name: string; payload: unknown };
export type HostRequest = { type: 'call'; id: number; name: string; input: unknown };

const send = (m: HostMessage) => process.send!(m);
const core = new MirageCore({
  dataDir: process.env.MIRAGE_DATA_DIR!,
  modelsDir: process.env.MIRAGE_MODELS_DIR!,
  appVersion: 'test',
});
core.onEvent((name, payload) => send({ type: 'event', name, payload }));

process.on('message', async (m: HostRequest) => {
  send({ type: 'result', id: m.id, envelope: await core.dispatch(m.name, m.input) });
});

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const r = appResponse(process.env.MIRAGE_RENDERER_DIR!, url.pathname, (token) => core.desk.pixels(token));
  // Like Electron's protocol handler: no Date header, so responses differ in nothing but their bytes.
  res.sendDate = false;
  res.writeHead(r.status, r.headers).end(r.body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
