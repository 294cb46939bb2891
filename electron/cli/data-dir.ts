import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder the CLI works on, the same one the app opens: `--data DIR`, else
 * $MIRAGE_DATA_DIR, else Electron's userData folder of the product "Mirage".
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (flag) return flag;
  if (env.MIRAGE_DATA_DIR) return env.MIRAGE_DATA_DIR;
  // Electron's appData: %APPDATA% on Windows, Application Support on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Mirage');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Mirage');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Mirage');
}
