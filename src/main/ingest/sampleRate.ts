/** The sampling weight of a dump (`sample_rate`): the weight each row counts with, and the gate that says which rows' weights cannot be used. */
import type { GateResult, SampleRateInfo } from '../../shared/types'
import type { Engine } from '../engine/engine'

/** The gate's name in the integrity report (present only when the dump has a sample_rate column). */
export const SAMPLE_RATE_GATE = 'sample_rate_valid'

/**
 * The weight a row counts with: its sample_rate when that is a number >= 1, else 1. A missing,
 * unparseable or infinite value is already null after normalisation; a value below 1 cannot be "how
 * many rows this row stands for" (it is most likely a sampling probability), so it is not used.
 */
export const WEIGHT_SQL = '(CASE WHEN sample_rate >= 1 THEN sample_rate ELSE 1.0 END)'

/**
 * Checks the sample_rate column of the loaded interactions: the weights in use and a gate that fails
 * when any row's sample_rate cannot be used (those rows count once, so weighted totals are too low).
 */
export async function checkSampleRate(engine: Engine, sourceColumn: string): Promise<{ info: SampleRateInfo; gate: GateResult }> {
  const [r] = await engine.all<{ valid: number; invalid: number; below: number; weighted: number | null; lo: number | null; hi: number | null }>(
    `SELECT count(*) FILTER (WHERE sample_rate >= 1)::BIGINT AS valid,
            count(*) FILTER (WHERE sample_rate IS NULL OR NOT (sample_rate >= 1))::BIGINT AS invalid,
            count(*) FILTER (WHERE sample_rate > 0 AND sample_rate < 1)::BIGINT AS below,
            exact_sum(${WEIGHT_SQL}) AS weighted,
            min(sample_rate) FILTER (WHERE sample_rate >= 1) AS lo,
            max(sample_rate) FILTER (WHERE sample_rate >= 1) AS hi
     FROM interactions`
  )
  const examples =
    r.invalid > 0
      ? (
          await engine.all<{ k: string | null }>(
            `SELECT CAST(interaction_id AS VARCHAR) AS k FROM interactions WHERE sample_rate IS NULL OR NOT (sample_rate >= 1) ORDER BY rowid LIMIT 5`
          )
        ).map((e) => e.k ?? '(null key)')
      : []
  const info: SampleRateInfo = { source_column: sourceColumn, valid_rows: r.valid, invalid_rows: r.invalid, weighted_rows: r.weighted ?? 0, min: r.lo, max: r.hi }
  const detail =
    r.invalid === 0
      ? `every row has a sample_rate >= 1 (${r.lo} to ${r.hi}); counts, rates, costs and percentiles are weighted by it`
      : `${r.invalid} row(s) have a sample_rate (column ${sourceColumn}) that is missing, not a number or below 1; they count with weight 1, so weighted totals are too low` +
        (r.below > 0 ? `; ${r.below} value(s) lie between 0 and 1: sample_rate is how many rows one row stands for (1 / the sampling probability), not the probability` : '')
  return { info, gate: { gate: SAMPLE_RATE_GATE, status: r.invalid === 0 ? 'pass' : 'fail', offending_count: r.invalid, examples, detail } }
}
