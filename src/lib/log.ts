// What a 500 writes to the server log. A failed query's error carries the statement's parameters and
// PostgreSQL's detail ("Failing row contains (…)", "Key (…)=(…)"): values such as a 底价, an ID number
// or a bank account that must not leave the database by way of the log. Kept: the statement, the
// error code, the constraint and the stack, which are what a developer needs.
export function redactedError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out: Record<string, unknown> = { name: err.name, message: err.message.replace(/\nparams: [\s\S]*$/, '\nparams: [已隐去]'), stack: err.stack?.replace(/\nparams: [\s\S]*?(\n    at )/, '\nparams: [已隐去]$1') };
  const cause = err.cause as (Error & { code?: string; constraint_name?: string; table_name?: string }) | undefined;
  if (cause instanceof Error) {
    out.cause = { name: cause.name, code: cause.code, message: cause.message, constraint: cause.constraint_name, table: cause.table_name };
  }
  return out;
}
