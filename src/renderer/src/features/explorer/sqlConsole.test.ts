import { describe, expect, it } from 'vitest'
import { SQL_EXAMPLES, resultColumnId, resultColumnIndex, schemaTables, sortRows } from './sqlConsole'

describe('sortRows', () => {
  const rows = [
    ['b', 2, true],
    ['a', null, false],
    ['c', 10, null],
    ['a', 1, true]
  ]
  it('sorts numbers by value and keeps nulls last in both directions', () => {
    expect(sortRows(rows, [{ index: 1, desc: false }]).map((r) => r[1])).toEqual([1, 2, 10, null])
    expect(sortRows(rows, [{ index: 1, desc: true }]).map((r) => r[1])).toEqual([10, 2, 1, null])
  })
  it('uses later keys for ties and is stable', () => {
    expect(
      sortRows(rows, [
        { index: 0, desc: false },
        { index: 1, desc: true }
      ]).map((r) => `${r[0]}${r[1]}`)
    ).toEqual(['a1', 'anull', 'b2', 'c10'])
    expect(sortRows(rows, [{ index: 2, desc: false }]).map((r) => r[0])).toEqual(['a', 'b', 'a', 'c'])
  })
  it('leaves the input alone', () => {
    const copy = JSON.stringify(rows)
    sortRows(rows, [{ index: 0, desc: true }])
    expect(JSON.stringify(rows)).toBe(copy)
    expect(sortRows(rows, [])).toBe(rows)
  })
})

describe('schemaTables', () => {
  it('groups columns by table, interactions first', () => {
    const t = schemaTables([
      ['sessions', 'session_id', 'VARCHAR'],
      ['interactions', 'interaction_id', 'VARCHAR'],
      ['interactions', 'latency_ms', 'DOUBLE'],
      ['users', 'user_id', 'VARCHAR']
    ])
    expect(t.map((x) => x.name)).toEqual(['interactions', 'sessions', 'users'])
    expect(t[0].columns).toEqual([
      { name: 'interaction_id', type: 'VARCHAR' },
      { name: 'latency_ms', type: 'DOUBLE' }
    ])
  })
})

describe('result columns', () => {
  it('are positional (results may repeat a name)', () => {
    expect(resultColumnId(3)).toBe('c3')
    expect(resultColumnIndex('c3')).toBe(3)
    expect(resultColumnIndex('latency_ms')).toBe(-1)
  })
  it('examples are single SELECT statements over the canonical views', () => {
    for (const ex of SQL_EXAMPLES) {
      expect(ex.sql.trim()).toMatch(/^SELECT /)
      expect(ex.sql).not.toContain(';')
      expect(ex.sql).toContain('FROM interactions')
    }
  })
})
