import { describe, expect, it } from 'vitest'
import { compileScope } from './scopeSql'

describe('compileScope', () => {
  it('is true for an empty scope', () => {
    expect(compileScope(undefined)).toEqual({ where: 'true', params: [] })
    expect(compileScope({ filters: { use_case: [] } })).toEqual({ where: 'true', params: [] })
  })

  it('binds every value and keeps hostile text out of the SQL', () => {
    const hostile = "x'); DROP TABLE interactions; --"
    const c = compileScope({ from: '2025-01-01', to: '2025-01-31', filters: { use_case: ['coding', hostile], model_name: [null] }, text: hostile })
    expect(c.where).not.toContain('DROP')
    expect(c.where).toBe(
      "timestamp_utc >= CAST(? AS TIMESTAMP) AND timestamp_utc < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY AND use_case IN (?, ?) AND model_name IS NULL AND contains(lower(coalesce(request_text, '')), lower(?))"
    )
    expect(c.params).toEqual(['2025-01-01', '2025-01-31', 'coding', hostile, hostile])
  })

  it('mixes null and values in one dimension with OR', () => {
    const c = compileScope({ filters: { region: ['EMEA', null] } }, 'i')
    expect(c.where).toBe('(i.region IN (?) OR i.region IS NULL)')
    expect(c.params).toEqual(['EMEA'])
  })

  it('restricts to an analysis window', () => {
    expect(compileScope({ window: 'history' })).toEqual({ where: 'in_history', params: [] })
    expect(compileScope({ window: 'evaluation' }, 'i')).toEqual({ where: 'i.win_role = ?', params: ['evaluation'] })
  })
})

describe('compileScope: cluster and map-selection membership', () => {
  it('binds the ids into a subquery over the assignment and selection tables', () => {
    const c = compileScope({ filters: { cluster: ['3', '7'], map_selection: ['2'] } }, 'i')
    expect(c.where).toBe(
      'i.rowid IN (SELECT row_id FROM cluster_assignment WHERE cluster_id IN (TRY_CAST(? AS INTEGER), TRY_CAST(? AS INTEGER))) AND i.rowid IN (SELECT row_id FROM cluster_selection WHERE selection_id IN (TRY_CAST(? AS INTEGER)))'
    )
    expect(c.params).toEqual(['3', '7', '2'])
  })

  it('reads a null as rows without a cluster and keeps hostile text out of the SQL', () => {
    const hostile = "1); DROP TABLE interactions; --"
    const c = compileScope({ filters: { cluster: [hostile, null] } })
    expect(c.where).toBe('(rowid IN (SELECT row_id FROM cluster_assignment WHERE cluster_id IN (TRY_CAST(? AS INTEGER))) OR rowid NOT IN (SELECT row_id FROM cluster_assignment))')
    expect(c.params).toEqual([hostile])
  })
})

describe('compileScope: annotation status', () => {
  it('binds statuses into a subquery of the annotation table', () => {
    expect(compileScope({ annotation: ['confirmed_failure', 'fixed'] })).toEqual({
      where: 'interaction_id IN (SELECT interaction_id FROM workbench_annotations WHERE status IN (?, ?))',
      params: ['confirmed_failure', 'fixed']
    })
  })

  it('expresses "unreviewed" (no annotation), alone or with statuses', () => {
    expect(compileScope({ annotation: ['unreviewed'] }, 'i')).toEqual({ where: '(i.interaction_id IS NULL OR i.interaction_id NOT IN (SELECT interaction_id FROM workbench_annotations))', params: [] })
    expect(compileScope({ annotation: ['unreviewed', 'open'] }).where).toBe(
      '(interaction_id IN (SELECT interaction_id FROM workbench_annotations WHERE status IN (?)) OR (interaction_id IS NULL OR interaction_id NOT IN (SELECT interaction_id FROM workbench_annotations)))'
    )
  })
})
