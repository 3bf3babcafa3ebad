// Copies browser assets from node_modules into static/vendor so the app serves them itself:
// the trading centers' network (政务外网) reaches no CDN.
import { mkdirSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vendor = join(root, 'static', 'vendor');
mkdirSync(vendor, { recursive: true });
copyFileSync(join(root, 'node_modules/htmx.org/dist/htmx.min.js'), join(vendor, 'htmx.min.js'));
