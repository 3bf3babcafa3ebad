// The survey forms, one schema per form; the answer form is built from the survey's questions.
import { z } from 'zod';
import { questionKinds, satisfactionRatings } from '../../db/schema';
import { f } from '../lib/forms';
import { answerField } from './rules';

/** 实名: staff see each agency's answer; 匿名: only the summary of enough answers. */
export const surveyModes = ['匿名', '实名'] as const;

export const surveyForm = z.object({
  year: f.int('年度', 1990, 2200),
  title: f.text('标题', 200),
  intro: f.optionalText('说明', 2000),
  mode: f.choice('调查方式', surveyModes),
});
export type SurveyInput = z.output<typeof surveyForm>;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const questionForm = z.object({
  text: f.text('问题', 500),
  kind: f.choice('题型', questionKinds),
  scale: z.preprocess(blank, f.int('分值', 2, 10).optional()),
}).superRefine((q, ctx) => {
  if (q.kind === '评分' && q.scale === undefined) ctx.addIssue({ code: 'custom', path: ['scale'], message: '评分题请填写分值（2–10）' });
}).transform((q) => ({ ...q, scale: q.kind === '评分' ? q.scale! : null }));
export type QuestionInput = z.output<typeof questionForm>;

export interface QuestionShape { id: number; position: number; text: string; kind: '评分' | '文字'; scale: number | null }

export interface AnswerInput {
  rating: (typeof satisfactionRatings)[number];
  comment: string | undefined;
  answers: { questionId: number; rating: number | null; text: string | null }[];
}

/** The answer form of a survey: 总体评价 required, every 评分 question within 1…scale, text optional. */
export function answerForm(questions: QuestionShape[]) {
  const shape: Record<string, z.ZodType> = {
    rating: f.choice('总体评价', satisfactionRatings),
    comment: f.optionalText('意见建议', 2000),
  };
  questions.forEach((q, i) => {
    const label = `第${i + 1}题`;
    shape[answerField(q.id)] = q.kind === '评分'
      ? z.string({ error: `请为${label}评分` }).trim().min(1, `请为${label}评分`).regex(/^\d{1,2}$/, `${label}的评分应为 1–${q.scale} 的整数`)
        .transform(Number).pipe(z.number().int().min(1, `${label}的评分应为 1–${q.scale} 的整数`).max(q.scale!, `${label}的评分应为 1–${q.scale} 的整数`))
      : f.optionalText(label, 2000);
  });
  return z.object(shape).transform((v): AnswerInput => ({
    rating: v.rating as AnswerInput['rating'],
    comment: v.comment as string | undefined,
    answers: questions.flatMap((q): AnswerInput['answers'] => {
      const x = v[answerField(q.id)];
      if (q.kind === '评分') return [{ questionId: q.id, rating: x as number, text: null }];
      return typeof x === 'string' && x !== '' ? [{ questionId: q.id, rating: null, text: x }] : [];
    }),
  }));
}
