// Electron main process: app lifecycle, the window, the mirage:// protocol and IPC wiring. All logic is in core/.
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { MirageCore } from './core/service.ts';
import { appResponse } from './core/app-server.ts';
import { callNames, channelOf, shellCalls } from './contract.ts';

protocol.registerSchemesAsPrivileged([{ scheme: 'mirage', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const here = import.meta.dirname;
const rendererDir = join(here, '..', 'renderer');
const modelsDir = app.isPackaged ? join(process.resourcesPath, 'models') : join(here, '..', '..', 'models');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    backgroundColor: '#0b0d10',
    title: 'Mirage',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  // The app never leaves its own origin and never opens other windows.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadURL('mirage://app/index.html');
  return win;
}

app.whenReady().then(() => {
  const core = new MirageCore({ dataDir: process.env.MIRAGE_DATA_DIR ?? app.getPath('userData'), modelsDir, appVersion: app.getVersion() });

  // No network at run time: only the app's own scheme (and devtools internals) may load.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !/^(mirage|devtools|chrome-extension):/.test(details.url) });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle('mirage', (request) => {
    const url = new URL(request.url);
    const res = appResponse(rendererDir, url.pathname, (token) => core.desk.pixels(token));
    return new Response(new Uint8Array(res.body), { status: res.status, headers: res.headers });
  });

  for (const name of callNames) ipcMain.handle(channelOf(name), (_event, input: unknown) => core.dispatch(name, input));
  // Native pickers need Electron, so main answers them itself, validated like every call.
  ipcMain.handle(channelOf('pickPath'), async (event, input: unknown) => {
    const parsed = shellCalls.pickPath.input.safeParse(input);
    if (!parsed.success) return { ok: false, error: { code: 'invalid-input', message: 'pickPath: kind must be folder or file' } };
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { properties: [parsed.data.kind === 'folder' ? 'openDirectory' : 'openFile'] as ('openDirectory' | 'openFile')[] };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return { ok: true, value: result.canceled ? null : result.filePaths[0] };
  });
  core.onEvent((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(channelOf(event), payload);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => core.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
