// Fuzzing of every form (issue 6), shard 2 of 3 (see fuzz-forms-1.test.ts and fuzz/suite.ts).
import { describe } from 'vitest';
import { setUp, shard } from './fuzz/suite';

const s = await setUp();

describe('fuzzing every form, shard 2', () => {
  shard(s, 1);
});
