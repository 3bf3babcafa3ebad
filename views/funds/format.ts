import { formatWan } from '../../src/lib/money';

/** 万元 with two decimals, as the seed's tables show it: `91.50万元`. */
export const wan = (fen: bigint) => `${formatWan(fen)}万元`;

/** A rate string from percent() with its sign, or a dash when it does not exist (total 0). */
export const rate = (r: string | null) => (r === null ? '—' : `${r}%`);
