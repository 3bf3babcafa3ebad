// Pure computations of the survey pages: the exact average of a rating question.

/** sum / count rounded half-up to two decimals, exactly (no floating point); null without answers. */
export function averageOf(sum: bigint, count: bigint): string | null {
  if (count <= 0n) return null;
  const neg = sum < 0n;
  const s = neg ? -sum : sum;
  const hundredths = (s * 200n + count) / (2n * count);
  const text = `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
  return neg && hundredths > 0n ? `-${text}` : text;
}

/** The form field of a question's answer. */
export const answerField = (questionId: number) => `q_${questionId}`;

/**
 * The fewest responses an agency must be among before it sees the summary. With two, an agency
 * knowing its own answer could subtract it and read the other's exactly; with three or more the
 * others' answers are only seen mixed together.
 */
export const MIN_RESPONSES_FOR_AGENCIES = 3;
