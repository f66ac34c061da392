import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPLORER_COLUMNS } from '../../../../shared/explorer'
import { cellTone, formatCell, formatPrecise, kindOfValue } from './cellFormat'
import {
  columnWidth,
  columnsFromDescribe,
  fallbackColumns,
  formatSortParam,
  isProblemFlag,
  kindOfType,
  parseSortParam,
  visibilityFromParam,
  visibilityToParam,
  visibleColumnNames
} from './explorerColumns'

// what DESCRIBE interactions answers for the notebook sample (abridged, in table order)
const DESCRIBE = [
  ['interaction_id', 'VARCHAR'],
  ['session_id', 'VARCHAR'],
  ['timestamp_utc', 'TIMESTAMP'],
  ['use_case', 'VARCHAR'],
  ['model_provider', 'VARCHAR'],
  ['model_name', 'VARCHAR'],
  ['latency_ms', 'DOUBLE'],
  ['cost_usd', 'DOUBLE'],
  ['is_failure', 'BOOLEAN'],
  ['failure_type', 'VARCHAR'],
  ['hour_of_day_utc', 'DOUBLE'],
  ['in_history', 'BOOLEAN'],
  ['win_role', 'VARCHAR']
]

describe('columnsFromDescribe', () => {
  it('drops internal columns, puts the default set first and types every column', () => {
    const cols = columnsFromDescribe(DESCRIBE)
    expect(cols.map((c) => c.name)).toEqual(['interaction_id', 'timestamp_utc', 'use_case', 'model_provider', 'model_name', 'latency_ms', 'cost_usd', 'is_failure', 'failure_type', 'session_id', 'hour_of_day_utc'])
    expect(Object.fromEntries(cols.map((c) => [c.name, c.kind]))).toMatchObject({ timestamp_utc: 'timestamp', latency_ms: 'number', is_failure: 'flag', use_case: 'text' })
  })

  it('falls back to the default set with the schema types', () => {
    const cols = fallbackColumns()
    expect(cols.map((c) => c.name)).toEqual(DEFAULT_EXPLORER_COLUMNS)
    expect(cols.find((c) => c.name === 'cost_usd')?.kind).toBe('number')
    expect(cols.find((c) => c.name === 'is_failure')?.kind).toBe('flag')
  })

  it('reads DuckDB types', () => {
    expect(['BIGINT', 'INTEGER', 'HUGEINT', 'UBIGINT', 'DOUBLE', 'FLOAT', 'DECIMAL(18,3)'].map(kindOfType)).toEqual(Array(7).fill('number'))
    expect(['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'DATE'].map(kindOfType)).toEqual(['timestamp', 'timestamp', 'timestamp'])
    expect(kindOfType('BOOLEAN')).toBe('flag')
    expect(kindOfType('VARCHAR')).toBe('text')
    expect(kindOfType('INTERVAL')).toBe('text')
  })
})

describe('column visibility', () => {
  const cols = columnsFromDescribe(DESCRIBE)

  it('shows the default set unless the URL names columns', () => {
    const v = visibilityFromParam(cols, undefined)
    expect(visibleColumnNames(cols, v)).toEqual(['interaction_id', 'timestamp_utc', 'use_case', 'model_provider', 'model_name', 'latency_ms', 'cost_usd', 'is_failure', 'failure_type'])
    expect(visibilityToParam(cols, v)).toBe('')
    const chosen = visibilityFromParam(cols, 'session_id,latency_ms,nope')
    expect(visibleColumnNames(cols, chosen)).toEqual(['latency_ms', 'session_id'])
    expect(visibilityToParam(cols, chosen)).toBe('latency_ms,session_id')
    // nothing known in the parameter: the default set, not an empty grid
    expect(visibleColumnNames(cols, visibilityFromParam(cols, 'nope'))).toHaveLength(9)
  })

  it('shows some columns of a table without any default column', () => {
    const other = columnsFromDescribe([
      ['a', 'VARCHAR'],
      ['b', 'DOUBLE']
    ])
    expect(visibleColumnNames(other, visibilityFromParam(other, undefined))).toEqual(['a', 'b'])
  })
})

describe('sort parameter', () => {
  const known = new Set(['latency_ms', 'timestamp_utc', 'use_case'])
  it('round-trips known columns and drops the rest', () => {
    const sort = [
      { id: 'latency_ms', desc: true },
      { id: 'timestamp_utc', desc: false }
    ]
    expect(formatSortParam(sort)).toBe('latency_ms:desc,timestamp_utc:asc')
    expect(parseSortParam('latency_ms:desc,timestamp_utc:asc', known)).toEqual(sort)
    expect(parseSortParam('nope:desc,use_case,use_case:desc', known)).toEqual([{ id: 'use_case', desc: false }])
    expect(parseSortParam(undefined, known)).toEqual([])
  })
})

describe('cells', () => {
  it('read as stored, with separators, UTC times and yes/no flags', () => {
    expect(formatCell(0.003474, 'number')).toBe('0.003474')
    expect(formatCell(1154.97, 'number')).toBe('1,154.97')
    expect(formatCell(2400, 'number')).toBe('2,400')
    expect(formatPrecise(1 / 3)).toBe('0.333333')
    expect(formatCell('2025-02-02T07:39:59Z', 'timestamp')).toBe('2025-02-02 07:39:59')
    expect(formatCell(true, 'flag')).toBe('yes')
    expect(formatCell(false, 'flag')).toBe('no')
    expect(formatCell(null, 'text')).toBe('—')
    expect(formatCell('', 'text')).toBe('—')
    expect(formatCell('coding', 'text')).toBe('coding')
  })

  it('take a tone: missing and flags muted, a set problem flag in the failure colour', () => {
    expect(cellTone(null, 'failure_type')).toBe('muted')
    expect(cellTone('', 'failure_type')).toBe('muted')
    expect(cellTone(true, 'is_failure')).toBe('bad-text strong')
    expect(cellTone(false, 'is_failure')).toBe('muted')
    expect(cellTone(true, 'is_weekend')).toBe('muted')
    expect(cellTone('timeout', 'failure_type')).toBeUndefined()
    expect(cellTone(0, 'latency_ms')).toBeUndefined()
  })

  it('guess a result column kind from its values', () => {
    expect(kindOfValue([null, 3])).toBe('number')
    expect(kindOfValue([true])).toBe('flag')
    expect(kindOfValue(['2025-02-02T07:39:59Z'])).toBe('timestamp')
    expect(kindOfValue(['2025-02-02'])).toBe('text')
    expect(kindOfValue([null])).toBe('text')
  })

  it('size and colour columns by what they hold', () => {
    expect(columnWidth({ name: 'request_text', kind: 'text' })).toBeGreaterThan(columnWidth({ name: 'use_case', kind: 'text' }))
    expect(isProblemFlag('is_failure')).toBe(true)
    expect(isProblemFlag('toxicity_flag')).toBe(true)
    expect(isProblemFlag('is_weekend')).toBe(false)
  })
})
