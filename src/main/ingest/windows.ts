/** Builds the history / calibration / evaluation windows of PIPELINE.md section 3 as columns of `interactions`. */
import type { Knobs } from '../../shared/knobs'
import type { GateResult, WindowsInfo, WindowingMethod } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { formatTs } from './sql'

/** The dataset-split window columns, as SELECT items over the normalised `split` and `timestamp_utc`. */
export const SPLIT_WINDOW_COLUMNS = `coalesce(split = 'train' AND timestamp_utc IS NOT NULL, false) AS in_history,
  CASE WHEN timestamp_utc IS NOT NULL THEN CASE split WHEN 'train' THEN 'fit' WHEN 'val' THEN 'calibration' WHEN 'test' THEN 'evaluation' END END AS win_role`

/**
 * Fills `in_history` (history window, calibration rows included) and `win_role`
 * ('fit' | 'calibration' | 'evaluation' | null) of `interactions`, and returns what was built.
 * The load computes the dataset-split columns already (SPLIT_WINDOW_COLUMNS) and leaves no window
 * otherwise; `splitColumnsCurrent` says whether they still match the timestamps (a fallback may
 * have filled timestamps since).
 */
export async function buildWindows(engine: Engine, knobs: Knobs, hasSplit: boolean, splitColumnsCurrent = false): Promise<{ info: WindowsInfo; leakage: GateResult }> {
  await engine.run('ALTER TABLE interactions ADD COLUMN IF NOT EXISTS in_history BOOLEAN DEFAULT false')
  await engine.run('ALTER TABLE interactions ADD COLUMN IF NOT EXISTS win_role VARCHAR DEFAULT NULL')

  let method: WindowingMethod | null = null
  let cutTs: string | null = null
  let calibrationSource: WindowsInfo['calibration_source'] = null
  let evaluationWindow: string | null = null

  const [{ n_split }] = hasSplit
    ? await engine.all<{ n_split: number }>(`SELECT count(*)::BIGINT AS n_split FROM interactions WHERE split IN ('train', 'val', 'test')`)
    : [{ n_split: 0 }]

  if (n_split > 0) {
    method = 'dataset_split'
    calibrationSource = 'val_split'
    evaluationWindow = "split == 'test'"
    if (!splitColumnsCurrent) {
      await engine.run(
        `UPDATE interactions SET in_history = coalesce(split = 'train' AND timestamp_utc IS NOT NULL, false),
           win_role = CASE WHEN timestamp_utc IS NOT NULL THEN CASE split WHEN 'train' THEN 'fit' WHEN 'val' THEN 'calibration' WHEN 'test' THEN 'evaluation' END END`
      )
    }
  } else {
    const [{ n }] = await engine.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM interactions WHERE timestamp_utc IS NOT NULL')
    if (n > 0) {
      method = 'session_safe_time_split'
      if (splitColumnsCurrent && hasSplit) await engine.run('UPDATE interactions SET in_history = false, win_role = NULL WHERE in_history OR win_role IS NOT NULL')
      calibrationSource = 'time_tail_of_history'
      // floor(TIME_SPLIT_FRAC * n) in float64, as written; the cut is the timestamp at that 0-based position.
      const pos = Math.floor(knobs.TIME_SPLIT_FRAC * n)
      // The timestamp at that position (the sort's one pass; only the value matters, ties included).
      const [cut] = await engine.all<{ cut: string; cut_us: number }>(
        `SELECT ${formatTs('ts')} AS cut, epoch_us(ts)::DOUBLE AS cut_us FROM (
           SELECT timestamp_utc AS ts FROM interactions WHERE timestamp_utc IS NOT NULL ORDER BY timestamp_utc, rowid LIMIT 1 OFFSET ?
         )`,
        [pos]
      )
      cutTs = cut.cut
      evaluationWindow = `sessions whose first timestamp > ${cutTs}`
      await engine.run(
        `UPDATE interactions SET in_history = s.first_ts <= c.ts, win_role = CASE WHEN s.first_ts <= c.ts THEN 'fit' ELSE 'evaluation' END
         FROM (SELECT coalesce(session_id, chr(1) || 'row' || CAST(rowid AS VARCHAR)) AS sid, min(timestamp_utc) AS first_ts
               FROM interactions WHERE timestamp_utc IS NOT NULL GROUP BY 1) s,
              (SELECT make_timestamp(CAST(? AS BIGINT)) AS ts) c
         WHERE interactions.timestamp_utc IS NOT NULL
           AND coalesce(interactions.session_id, chr(1) || 'row' || CAST(interactions.rowid AS VARCHAR)) = s.sid`,
        [cut.cut_us]
      )
      // Calibration = history rows strictly after the 85th percentile (linear) of history timestamps.
      await engine.run(
        `UPDATE interactions SET win_role = 'calibration'
         WHERE in_history AND epoch_us(timestamp_utc) > (SELECT quantile_cont(epoch_us(timestamp_utc)::DOUBLE, 0.85) FROM interactions WHERE in_history)`
      )
    }
  }

  const stats = await engine.all<{ role: string; n: number; lo: string | null; hi: string | null }>(
    `SELECT 'history' AS role, count(*)::BIGINT AS n, ${formatTs('min(timestamp_utc)')} AS lo, ${formatTs('max(timestamp_utc)')} AS hi FROM interactions WHERE in_history
     UNION ALL SELECT win_role, count(*)::BIGINT, ${formatTs('min(timestamp_utc)')}, ${formatTs('max(timestamp_utc)')} FROM interactions WHERE win_role IS NOT NULL GROUP BY win_role`
  )
  const get = (role: string): { n: number; lo: string | null; hi: string | null } => stats.find((s) => s.role === role) ?? { n: 0, lo: null, hi: null }
  const [{ untimed }] = await engine.all<{ untimed: number }>('SELECT count(*)::BIGINT AS untimed FROM interactions WHERE timestamp_utc IS NULL')

  const h = get('history')
  const c = get('calibration')
  const e = get('evaluation')
  const f = get('fit')
  const info: WindowsInfo = {
    windowing_method: method,
    calibration_source: calibrationSource,
    evaluation_window: evaluationWindow,
    history_rows: h.n,
    history_start_timestamp_utc: h.lo,
    history_end_timestamp_utc: h.hi,
    calibration_rows: c.n,
    calibration_start_timestamp_utc: c.lo,
    calibration_end_timestamp_utc: c.hi,
    evaluation_rows: e.n,
    evaluation_start_timestamp_utc: e.lo,
    evaluation_end_timestamp_utc: e.hi,
    fit_rows: f.n,
    fit_start_timestamp_utc: f.lo,
    fit_end_timestamp_utc: f.hi,
    cut_ts: cutTs,
    rows_without_timestamp: untimed
  }
  return { info, leakage: await leakageGate(engine) }
}

/** Sessions with rows in both history and evaluation (a null session_id is a session of its own, so never leaks). */
async function leakageGate(engine: Engine): Promise<GateResult> {
  const rows = await engine.all<{ sid: string; n: number }>(
    `SELECT session_id AS sid, count(*) OVER ()::BIGINT AS n FROM interactions
     WHERE session_id IS NOT NULL AND (in_history OR win_role = 'evaluation')
     GROUP BY session_id HAVING bool_or(in_history) AND bool_or(win_role = 'evaluation')
     ORDER BY min(rowid) LIMIT 5`
  )
  const n = rows.length ? rows[0].n : 0
  return {
    gate: 'session_leakage_history_vs_evaluation',
    status: n === 0 ? 'pass' : 'fail',
    offending_count: n,
    examples: rows.map((r) => r.sid),
    detail: 'sessions present in both history and evaluation'
  }
}
