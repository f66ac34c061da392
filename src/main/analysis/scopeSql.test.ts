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
