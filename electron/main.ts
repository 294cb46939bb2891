// Electron main process: app lifecycle, the window, the mirage:// protocol and IPC wiring. All logic is in core/.
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve, sep } from 'node:path';
import { MirageCore } from './core/service.ts';
import { appResponse } from './core/app-server.ts';
import { callNames, channelOf, shellCallNames, shellCalls, type ShellCallName } from './contract.ts';
import type { z } from 'zod';

type CallInputOf<K extends ShellCallName> = z.infer<(typeof shellCalls)[K]['input']>;

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
  const core = new MirageCore({
    dataDir: process.env.MIRAGE_DATA_DIR ?? app.getPath('userData'),
    modelsDir,
    appVersion: app.getVersion(),
    // In development node_modules holds better-sqlite3 built for Node; build/electron-native.mjs made this one.
    sqliteBinding: app.isPackaged ? undefined : join(here, '..', 'native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  });

  // No network at run time: only the app's own scheme (and devtools internals) may load, plus
  // reports from the exports folder when they are printed to PDF.
  const exportsUrl = pathToFileURL(join(core.options.dataDir, 'exports')).href + '/';
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !(/^(mirage|devtools|chrome-extension):/.test(details.url) || details.url.startsWith(exportsUrl)) });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle('mirage', (request) => {
    const url = new URL(request.url);
    const res = appResponse(rendererDir, url.pathname, (token) => core.desk.pixels(token));
    return new Response(new Uint8Array(res.body), { status: res.status, headers: res.headers });
  });

  for (const name of callNames) ipcMain.handle(channelOf(name), (_event, input: unknown) => core.dispatch(name, input));
  // Calls that need Electron itself (native dialogs, printing) are answered here, validated like every call.
  const exportsDir = join(core.options.dataDir, 'exports');
  const shellHandlers: { [K in ShellCallName]: (input: CallInputOf<K>, sender: Electron.WebContents) => Promise<unknown> } = {
    async pickPath({ kind }, sender) {
      const win = BrowserWindow.fromWebContents(sender);
      const options = { properties: [kind === 'folder' ? 'openDirectory' : 'openFile'] as ('openDirectory' | 'openFile')[] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : result.filePaths[0];
    },
    async exportReportPdf({ htmlPath }) {
      const file = resolve(htmlPath);
      if (!file.startsWith(exportsDir + sep)) throw new Error(`${htmlPath}: only reports in ${exportsDir} can be printed`);
      // A hidden, script-less window: the report is static HTML with inline SVG.
      const win = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true } });
      try {
        await win.loadFile(file);
        const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
        const out = file.replace(/\.html$/, '.pdf');
        writeFileSync(out, pdf);
        return out;
      } finally {
        win.destroy();
      }
    },
  };
  for (const name of shellCallNames) {
    ipcMain.handle(channelOf(name), async (event, input: unknown) => {
      const parsed = shellCalls[name].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: { code: 'invalid-input', message: `${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}` } };
      try {
        return { ok: true, value: await (shellHandlers[name] as (i: unknown, s: Electron.WebContents) => Promise<unknown>)(parsed.data, event.sender) };
      } catch (err) {
        return { ok: false, error: { code: 'failed', message: err instanceof Error ? err.message : String(err) } };
      }
    });
  }
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
