import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { Layout } from '../../views/layout';
import type { AppEnv } from '../types';

const FLASH = 'tl_flash';

/** Renders a full page in the layout, with the user's navigation, context switch and flash message. */
export function page(c: Context<AppEnv>, title: string, body: Child, status: 200 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 = 200) {
  const raw = getCookie(c, FLASH);
  let flash: string | null = null;
  if (raw) {
    try { flash = decodeURIComponent(raw); } catch { flash = null; }
    deleteCookie(c, FLASH, { path: '/' });
  }
  return c.html(
    <Layout title={title} user={c.get('user')} scope={c.get('scope')} flash={flash} isDemo={c.get('isDemo')}>{body}</Layout>,
    status,
  );
}

/** After a successful write: a message for the next page, and a 303 to it. */
export function redirectWithFlash(c: Context<AppEnv>, location: string, message: string) {
  setCookie(c, FLASH, encodeURIComponent(message), { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
  return c.redirect(location, 303);
}

/** True when htmx asks for the fragment with this id rather than the whole page. */
export function wantsFragment(c: Context, id: string) {
  return c.req.header('HX-Request') === 'true' && (c.req.header('HX-Target') ?? '').endsWith(`#${id}`);
}
