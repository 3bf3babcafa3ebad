// Shared shapes of `npm run bench`: every benchmark receives a BenchContext and returns rows of
// the ratio table the runner prints and writes to docs/BENCHMARKS.md.

export interface BenchContext {
  /** Directory of the Debian PostgreSQL binaries (psql, pgbench, pg_dump, …). */
  pgBin: string;
  /** Admin URL of the external (Debian) PostgreSQL the bench started. */
  externalUrl: string;
  /** Scratch directory of this run; removed at the end. */
  workDir: string;
  log(msg: string): void;
  /** Small data and short runs, for iterating on the bench itself. */
  quick: boolean;
}

export interface BenchRow {
  /** What is measured, e.g. "绩效报告 HTML vs pgbench". */
  name: string;
  /** The app's figure with its unit, e.g. "812 req/s". */
  measured: string;
  /** The reference's figure with its unit. */
  reference: string;
  /** measured / reference in the direction the goal states. */
  ratio: number;
  /** The goal as written in the issue, e.g. "≥ 0.9×". */
  goal: string;
  met: boolean;
  /** How it was measured, and where a goal is missed: why and what would close it. */
  detail?: string;
}
