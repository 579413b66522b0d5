import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** Where the web host and CLI keep headroom.sqlite: $HEADROOM_DATA_DIR, else the platform's app-data folder. */
export function defaultDataDir(): string {
  if (process.env.HEADROOM_DATA_DIR) return process.env.HEADROOM_DATA_DIR;
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Headroom');
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Headroom');
    default:
      return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'headroom');
  }
}
