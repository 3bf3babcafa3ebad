import { z } from 'zod';
import { parcelKinds } from '../../db/schema';
import { f } from '../lib/forms';
import { parcelProblems, sameParcelFacts, type ParcelFacts } from '../transfers/law';
import { mineralProblem } from './rules';

// Mirrors the <input name>s of views/parcels/form.tsx.
const fields = z.object({
  code: f.text('标的编号', 50),
  kind: f.choice('类型', parcelKinds),
  name: f.text('名称', 200),
  location: f.optionalText('位置', 200),
  district: f.optionalText('所在区县', 50),
  land_use: f.optionalText('用途', 50),
  area: f.decimal('面积', 18, 4),
  plot_ratio: f.decimal('容积率', 8, 2),
  term_years: f.optionalInt('出让年限', 1, 70),
  mineral: f.optionalText('矿种', 50),
  resources: f.optionalText('资源量', 200),
  valid_until: f.optionalDate('有效期'),
  starting_price: f.money('起始价'),
  deposit: f.optionalMoney('竞买保证金'),
});

export type ParcelInput = z.output<typeof fields>;

const facts = (v: ParcelInput): ParcelFacts => ({
  kind: v.kind, landUse: v.land_use ?? null, termYears: v.term_years ?? null, startingPrice: v.starting_price, deposit: v.deposit ?? null,
});

/**
 * The parcel form. New work is held to the law's rules (出让年限, 房地产用地保证金); an edit of a
 * record (`stored`) is held to a rule only where it changes what that rule reads, so a historical
 * parcel imported with a warning can still have its name corrected. `excepted`: the rules an admin set
 * aside for the record.
 */
export function parcelSchema(stored?: ParcelFacts, excepted: ReadonlySet<string> = new Set()) {
  return fields.superRefine((v, ctx) => {
    const problem = mineralProblem(v.kind, v.mineral);
    if (problem) ctx.addIssue({ code: 'custom', path: ['mineral'], message: problem });
    for (const p of parcelProblems(facts(v), { depositRequired: true })) {
      if (stored && sameParcelFacts(p.rule, facts(v), stored)) continue;
      if (excepted.has(p.rule)) continue; // set aside by an admin, with its 文号 (exceptions.ts)
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
    }
  });
}

export const parcelForm = parcelSchema();
