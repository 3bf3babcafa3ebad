import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** libreoffice or soffice on the PATH, or null. */
export function findLibreOffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['libreoffice', 'soffice']) {
      try { accessSync(join(dir, name), constants.X_OK); return join(dir, name); } catch { /* next */ }
    }
  }
  return null;
}
