import { z } from 'zod';
import { centerLevels } from '../../db/schema';
import { f } from '../lib/forms';

// Mirrors the <input name>s of views/centers/form.tsx.
export const centerForm = z.object({
  // Codes are compared as typed by people, so they are stored upper-case: "gy-01" and "GY-01" are one code.
  code: f.text('编码', 100).transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9_-]{2,20}$/, '编码应为2–20位字母、数字、“-”或“_”')),
  name: f.text('名称', 100),
  level: f.choice('级别', centerLevels),
  parent_id: f.optionalId('上级中心'),
});

export type CenterInput = z.output<typeof centerForm>;
