import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'PORT 必须是端口号' }).int('PORT 必须是整数').min(1, 'PORT 应在 1–65535 之间').max(65535, 'PORT 应在 1–65535 之间').default(3000),
  HOST: z.string().regex(/^[\w.:-]+$/, 'HOST 应为主机名或 IP 地址').default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
    .optional(),
  // Behind a reverse proxy the browser's Origin is the proxy's; name it here.
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/, error: 'PUBLIC_ORIGIN 必须是 http(s) 网址，如 https://ledger.example.gov.cn' })
    .refine((u) => new URL(u).origin !== 'null', 'PUBLIC_ORIGIN 必须是 http(s) 网址，如 https://ledger.example.gov.cn')
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60, 'SESSION_IDLE_MINUTES 应在 1–1440 之间').default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30, 'SESSION_MAX_HOURS 应在 1–720 之间').default(12),
  // auto: load the demo ledger into an empty embedded database; 1: also into DATABASE_URL; 0: never.
  // The prefix the OCDS Helpdesk registered for this deployment (the public feed's ocids); a placeholder until then.
  OCDS_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/, 'OCDS_PREFIX 应为 ocds- 加 6 位小写字母或数字，如 ocds-a1b2c3').optional(),
  DEMO: z.enum(['auto', '0', '1'], { error: 'DEMO 只能是 auto、0 或 1' }).default('auto'),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

/** Reads the environment once at start; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (configuration error):\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}

export class ConfigError extends Error {}
