// JSON answers of the API: the body, and `application/json; charset=utf-8` said in full, since
// clients of 政务外网 systems often default to GBK when the charset is missing.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const isApiPath = (path: string) => path.startsWith('/api/');

export function jsonBody(c: Context, body: unknown, status: ContentfulStatusCode = 200) {
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/json; charset=utf-8' });
}

/** An API error: `{ "error": "中文说明" }`. */
export const jsonError = (c: Context, status: ContentfulStatusCode, message: string) => jsonBody(c, { error: message }, status);
