/// <reference lib="dom" />
// End-to-end harness. Chromium mode: Debian's chromium (playwright-core) loads the built renderer
// from the core host's loopback server, and window.mirage is a bridge generated from the same
// contract lists as preload. Electron mode (picked automatically where an Electron binary exists,
// or forced with MIRAGE_E2E=electron|chromium): the real app through Playwright's _electron.
import { after, before } from 'node:test';
import { execSync, fork, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, _electron, type Browser, type Page, type ElectronApplication } from 'playwright-core';
import { callNames, eventNames, shellCallNames, shellCalls, type ShellCallName } from '../../electron/contract.ts';
import type { HostMessage } from './core-host.ts';
import { repoRoot, sharedDir, tempDir } from '../support.ts';

export { repoRoot, sharedDir };
export const artifactsDir = join(repoRoot, 'test-results');

export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // installed with ELECTRON_SKIP_BINARY_DOWNLOAD: no binary
  }
}

export const e2eMode: 'electron' | 'chromium' =
  process.env.MIRAGE_E2E === 'chromium' || process.env.MIRAGE_E2E === 'electron'
    ? process.env.MIRAGE_E2E
    : electronBinary() ? 'electron' : 'chromium';

export const tempDataDir = () => tempDir('mirage-e2e-');

/** The core host child process. */
class CoreHost {
  private child!: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, (envelope: unknown) => void>();
  port = 0;
  onEvent: (name: string, payload: unknown) => void = () => {};

  constructor(readonly dataDir: string) {}

  async start(): Promise<void> {
    this.child = fork(join(import.meta.dirname, 'core-host.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MIRAGE_DATA_DIR: this.dataDir, MIRAGE_MODELS_DIR: join(repoRoot, 'models'), MIRAGE_RENDERER_DIR: join(repoRoot, 'dist', 'renderer') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: HostMessage) => {
      if (m.type === 'result') {
        this.pending.get(m.id)?.(m.envelope);
        this.pending.delete(m.id);
      } else if (m.type === 'event') this.onEvent(m.name, m.payload);
    });
    this.port = await new Promise<number>((ok, fail) => {
      this.child.once('message', (m: HostMessage) => (m.type === 'ready' ? ok(m.port) : fail(new Error('core host did not start'))));
      this.child.once('exit', (code) => fail(new Error(`core host exited (${code})`)));
    });
    this.child.on('exit', () => {
      for (const resolveCall of this.pending.values()) resolveCall({ ok: false, error: { code: 'failed', message: 'the core stopped' } });
      this.pending.clear();
    });
  }

  call(name: string, input: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((ok) => {
      this.pending.set(id, ok);
      this.child.send({ type: 'call', id, name, input });
    });
  }

  /** SIGKILL: no clean shutdown, like a crash or power cut. */
  async kill(): Promise<void> {
    const exited = new Promise((ok) => this.child.once('exit', ok));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((ok) => this.child.once('exit', ok));
    this.child.disconnect();
    await exited;
  }
}

/** Builds window.mirage in the page from the contract's name lists (runs in the browser). */
function installBridge(names: { calls: string[]; events: string[] }) {
  type Invoke = (name: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
  const w = window as unknown as { __mirageInvoke: Invoke; __mirageEmit: (e: string, p: unknown) => void; mirage: Record<string, unknown> };
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: Record<string, unknown> = {
    on(event: string, listener: (p: unknown) => void) {
      if (!names.events.includes(event)) throw new Error(`unknown event "${event}"`);
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  };
  for (const name of names.calls) {
    api[name] = async (input: unknown) => {
      const envelope = await w.__mirageInvoke(name, input);
      if (!envelope.ok) throw new Error(envelope.error!.message);
      return envelope.value;
    };
  }
  w.__mirageEmit = (event, payload) => listeners.get(event)?.forEach((l) => l(payload));
  w.mirage = Object.freeze(api);
}

export interface RunningApp {
  page: Page;
  dataDir: string;
  /** Kills the core abruptly, starts it again on the same database, reloads the page. */
  crashAndRestart(): Promise<void>;
  close(): Promise<void>;
}

let browser: Browser | null = null;

/**
 * What Electron's main answers itself, done here with the same browser engine: no native
 * dialog (tests type paths), and printing a report to PDF as printToPDF would.
 */
async function shellCall(name: string, input: unknown): Promise<unknown> {
  const parsed = shellCalls[name as ShellCallName].input.safeParse(input);
  if (!parsed.success) return { ok: false, error: { code: 'invalid-input', message: parsed.error.message } };
  if (name === 'pickPath') return { ok: true, value: null };
  const { htmlPath } = parsed.data as { htmlPath: string };
  const page = await browser!.newPage();
  try {
    await page.goto(pathToFileURL(htmlPath).href);
    const out = htmlPath.replace(/\.html$/, '.pdf');
    await page.pdf({ path: out, format: 'A4', printBackground: true });
    return { ok: true, value: out };
  } catch (err) {
    return { ok: false, error: { code: 'failed', message: err instanceof Error ? err.message : String(err) } };
  } finally {
    await page.close();
  }
}

async function launchChromium(dataDir: string): Promise<RunningApp> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let host = new CoreHost(dataDir);
  const attach = async () => {
    await host.start();
    host.onEvent = (name, payload) => void page.evaluate(([n, p]) => (window as unknown as { __mirageEmit(n: string, p: unknown): void }).__mirageEmit(n, p), [name, payload] as const).catch(() => undefined);
  };
  await attach();
  await page.exposeFunction('__mirageInvoke', (name: string, input: unknown) => (Object.hasOwn(shellCalls, name) ? shellCall(name, input) : host.call(name, input)));
  await page.addInitScript(installBridge, { calls: [...callNames, ...shellCallNames], events: eventNames });
  // Everything the page may load comes from the host's origin; anything else is a defect.
  await page.route((url) => url.host !== `127.0.0.1:${host.port}`, (route) => route.abort());
  await page.goto(`http://127.0.0.1:${host.port}/index.html`);
  return {
    page,
    dataDir,
    async crashAndRestart() {
      await host.kill();
      host = new CoreHost(dataDir);
      await attach();
      await page.goto(`http://127.0.0.1:${host.port}/index.html`);
    },
    async close() {
      await context.close();
      await host.stop();
    },
  };
}

let electronBuilt = false;

async function launchElectron(dataDir: string): Promise<RunningApp> {
  // The real app needs its main bundle and better-sqlite3 built for Electron (as `npm start` does).
  if (!electronBuilt) {
    execSync('npm run build:main && node build/electron-native.mjs', { cwd: repoRoot, stdio: 'inherit' });
    electronBuilt = true;
  }
  const start = () => _electron.launch({ args: [join(repoRoot, 'dist', 'main', 'main.mjs')], env: { ...process.env, MIRAGE_DATA_DIR: dataDir } as Record<string, string> });
  let app: ElectronApplication = await start();
  const running: RunningApp = {
    page: await app.firstWindow(),
    dataDir,
    async crashAndRestart() {
      app.process().kill('SIGKILL');
      app = await start();
      running.page = await app.firstWindow();
    },
    async close() {
      await app.close();
    },
  };
  return running;
}

export function launchApp(dataDir = tempDataDir()): Promise<RunningApp> {
  return e2eMode === 'electron' ? launchElectron(dataDir) : launchChromium(dataDir);
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

/**
 * The app for the tests of one spec file: started before them (after `setup` has prepared
 * its data folder, if given) and closed after. Its properties follow the app across restarts.
 */
export function appForThisFile(setup?: (dataDir: string) => Promise<void>): RunningApp {
  let app: RunningApp | undefined;
  before(async () => {
    const dataDir = tempDataDir();
    await setup?.(dataDir);
    app = await launchApp(dataDir);
  });
  after(async () => {
    await app?.close();
    await closeBrowser();
  });
  return {
    get page() {
      return app!.page;
    },
    get dataDir() {
      return app!.dataDir;
    },
    crashAndRestart: () => app!.crashAndRestart(),
    close: () => app!.close(),
  };
}

/** Reads the app's database directly (read-only), as an auditor of what was stored would. */
export function queryDb<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dataDir, 'mirage.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
