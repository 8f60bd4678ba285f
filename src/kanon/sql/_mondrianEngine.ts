/**
 * What Mondrian push-down asks of an engine: build the working table, the per-round histogram
 * query, apply a round's splits, write the output, drop its helpers.
 * @module
 */
import type { MLeaf } from './_mondrianPlan.js';

/** Quasi-identifier text expressions and, per column, its values in leaf-code order. */
export interface MondrianSetup {
  readonly exprs: readonly string[];
  readonly values: readonly (readonly string[])[];
}

/** One engine's statements for Mondrian (standard SQL or ClickHouse). */
export interface MondrianEngine {
  /** Creates W: partition id 0, the leaf code of every quasi-identifier, and the row count per code tuple. */
  setup(p: MondrianSetup): Promise<void>;
  /** Rows (pid, d, x, n): per partition with id >= from, per dimension d, rows per leaf code x. */
  histogramQuery(from: number): string;
  /** Moves the rows of split partitions: `dims` (pid, dim cut), `moves` (pid, leaf code, child pid). */
  apply(round: number, dims: readonly (readonly [number, number])[], moves: readonly (readonly [number, number, number])[]): Promise<void>;
  /** Creates `output`: the source's columns with each quasi-identifier replaced by its partition's label. */
  write(output: string, columns: readonly string[], names: readonly string[], leaves: readonly MLeaf[]): Promise<void>;
  /** Drops every helper table still there (best effort). */
  cleanup(): Promise<void>;
}
