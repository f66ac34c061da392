import { describe, expect, it } from 'vitest'
import type { GateResult, IntegrityReport, TableInfo } from '../../../../shared/types'
import { gateTitle, mappingRows, orderGates, problemCounts, tablesInOrder, tallyGates, totalRejected, windowRows } from './integrity'

const gate = (name: string, status: GateResult['status'], overridden?: boolean): GateResult => ({ gate: name, status, offending_count: 0, examples: [], overridden })

describe('integrity', () => {
  it('names gates readably', () => {
    expect(gateTitle('pk_interactions_interaction_id_unique')).toBe('interactions.interaction_id is unique')
    expect(gateTitle('fk_interactions_session_id_in_sessions')).toBe('every interactions.session_id exists in sessions')
    expect(gateTitle('fk_samples_interaction_id_in_interactions')).toBe('every samples.interaction_id exists in interactions')
    expect(gateTitle('token_accounting')).toBe('total_tokens = prompt_tokens + completion_tokens')
    expect(gateTitle('pii_in_responses')).toBe('responses carrying PII or secrets within limit')
    expect(gateTitle('some_new_gate')).toBe('some new gate')
  })

  it('tallies and orders gates, failures first', () => {
    const gates = [gate('a', 'pass'), gate('b', 'skipped'), gate('c', 'fail'), gate('d', 'fail', true), gate('e', 'pass')]
    expect(tallyGates(gates)).toEqual({ total: 5, pass: 2, fail: 2, skipped: 1, overridden: 1 })
    expect(orderGates(gates).map((g) => g.gate)).toEqual(['c', 'd', 'a', 'e', 'b'])
  })

  it('lists tables in canonical order and sums rejected rows', () => {
    const t = (table: TableInfo['table'], rejected: number): TableInfo => ({ table, rejected_rows: rejected, column_mapping: {} }) as TableInfo
    const report = { tables: { users: t('users', 2), interactions: t('interactions', 3) }, problems: [] } as unknown as IntegrityReport
    expect(tablesInOrder(report).map((x) => x.table)).toEqual(['interactions', 'users'])
    expect(totalRejected(report)).toBe(5)
  })

  it('lists the column mapping source -> canonical', () => {
    const t = { column_mapping: { request_text: 'prompt', latency_ms: 'duration_ms' } } as unknown as TableInfo
    expect(mappingRows(t)).toEqual([
      { canonical: 'latency_ms', source: 'duration_ms' },
      { canonical: 'request_text', source: 'prompt' }
    ])
  })

  it('turns windows into rows', () => {
    const rows = windowRows({
      windowing_method: 'dataset_split',
      calibration_source: 'val_split',
      evaluation_window: "split == 'test'",
      history_rows: 1674,
      history_start_timestamp_utc: 'a',
      history_end_timestamp_utc: 'b',
      calibration_rows: 367,
      calibration_start_timestamp_utc: null,
      calibration_end_timestamp_utc: null,
      evaluation_rows: 359,
      evaluation_start_timestamp_utc: null,
      evaluation_end_timestamp_utc: null,
      fit_rows: 1674,
      fit_start_timestamp_utc: null,
      fit_end_timestamp_utc: null,
      cut_ts: null,
      rows_without_timestamp: 0
    })
    expect(rows.map((r) => [r.label, r.rows])).toEqual([
      ['History', 1674],
      ['Calibration', 367],
      ['Evaluation', 359],
      ['Model fit', 1674]
    ])
  })

  it('counts problems by severity', () => {
    const report = { problems: [{ severity: 'error' }, { severity: 'warning' }, { severity: 'warning' }] } as unknown as IntegrityReport
    expect(problemCounts(report)).toEqual({ errors: 1, warnings: 2 })
  })
})
