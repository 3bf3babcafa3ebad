// API tokens: an admin issues them for a user and revokes them.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { IssuedTokenPage, NewTokenForm, TokenListPage } from '../../views/admin/tokens';
import { ROLE_LABELS } from '../../views/layout';
import { actor, allow, assertInScope, who } from '../auth/access';
import type { Db } from '../db';
import { f, FieldProblem, formValues, parseForm, type Errors, type Values } from '../lib/forms';
import { idParam } from '../lib/query';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv, Scope } from '../types';
import { findToken, issueToken, listTokens, revokeToken, tokenUserOptions } from './token-queries';

export const tokenRoutes = new Hono<AppEnv>();

// Mirrors the <input name>s of NewTokenForm.
const tokenForm = z.object({ name: f.text('名称', 50), user_id: f.id('代表用户') });

async function userOptions(db: Db, scope: Scope) {
  const rows = await tokenUserOptions(db, scope.centerIds);
  return rows.map((u) => ({ value: String(u.id), label: `${u.username}（${u.displayName}，${ROLE_LABELS[u.role]}，${u.centerName}）` }));
}

const formPage = async (c: Context<AppEnv>, values: Values, errors: Errors, status: 200 | 422 = 200) =>
  page(c, '签发API令牌', <NewTokenForm values={values} errors={errors} users={await userOptions(c.get('db'), who(c).scope)} />, status);

tokenRoutes.get('/', allow('admin'), async (c) => {
  const { scope } = who(c);
  return page(c, 'API令牌', <TokenListPage rows={await listTokens(c.get('db'), scope.centerIds)} />);
});

tokenRoutes.get('/new', allow('admin'), (c) => formPage(c, {}, {}));

// The token is shown on the answer to this POST rather than after a redirect: it exists in clear
// only here, and carrying it to another page (a cookie, a query string) would store it somewhere.
tokenRoutes.post('/', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const values = await formValues(c);
  const form = parseForm(tokenForm, values);
  if (!form.ok) return formPage(c, values, form.errors, 422);
  try {
    const issued = await issueToken(c.get('db'), actor(user), scope.centerIds, form.data);
    return page(c, '已签发API令牌', <IssuedTokenPage name={issued.name} username={issued.username} token={issued.token} />);
  } catch (e) {
    if (!(e instanceof FieldProblem)) throw e;
    return formPage(c, values, { [e.field]: e.message }, 422);
  }
});

// Revoking is its own nested resource (a state change, not an edit); the token stays listed.
tokenRoutes.post('/:id/revocation', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const db = c.get('db');
  const id = idParam(c.req.param('id'));
  const token = id === null ? null : await findToken(db, id);
  if (!token) throw new HTTPException(404, { message: '令牌不存在' });
  assertInScope(scope, token.centerId);
  const revoked = await revokeToken(db, actor(user), token.id);
  return redirectWithFlash(c, '/admin/tokens', revoked ? `已吊销令牌“${token.name}”` : `令牌“${token.name}”早已吊销`);
});
