import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { ENGINE_KINDS } from '../analysis/testTable'
import { rng } from '../analysis/samplingFixture'
import { columnCellSql, doubleCellSql, jsCsvCell, textCellSql } from './csvCellSql'

const EDGES = [0, -0, 1, -1, 3, 0.1, 0.7, 12.5, 1 / 3, -1 / 3, 1e-7, 1.5e-7, 1e-6, 1.234e-6, 1e-5, -2.5e-5, 9.99e-5, 1e-4, 0.000123, 1e15, 1.5e15, 1e16, 1e20, 1e21, 1.2345e25, 123456789.125, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 5e-324, 1.7976931348623157e308, 0.30000000000000004]

describe.each(ENGINE_KINDS)('CSV cells written by DuckDB on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => engine.close())

  it('writes every double as String(x) does, edge cases and 5,000 random magnitudes from 1e-30 to 1e30', async () => {
    const rand = rng(3)
    const xs = [...EDGES]
    for (let i = 0; i < 5000; i++) xs.push((rand() - 0.5) * 10 ** Math.floor(rand() * 60 - 30))
    const text = xs.map(String).join(',')
    const { data } = await engine.columns(`SELECT ${doubleCellSql('x')} AS c FROM (SELECT CAST(unnest(string_split(?, ',')) AS DOUBLE) AS x, generate_subscripts(string_split(?, ','), 1) AS k) ORDER BY k`, [text, text])
    const bad = data[0].map((c, i) => [xs[i], c, jsCsvCell(xs[i])]).filter(([, a, b]) => a !== b)
    expect(bad).toEqual([])
  })

  it('writes NaN, infinities and null as an empty cell, booleans as True/False, integers as digits', async () => {
    const [row] = await engine.all<Record<string, string>>(
      `SELECT ${doubleCellSql("CAST('NaN' AS DOUBLE)")} AS nan, ${doubleCellSql("CAST('-Infinity' AS DOUBLE)")} AS inf, ${doubleCellSql('CAST(NULL AS DOUBLE)')} AS nul,
              ${columnCellSql('t', 'BOOLEAN')} AS t, ${columnCellSql('f', 'BOOLEAN')} AS f, ${columnCellSql('n', 'BOOLEAN')} AS n, ${columnCellSql('i', 'BIGINT')} AS i
       FROM (SELECT true AS t, false AS f, CAST(NULL AS BOOLEAN) AS n, CAST(-42 AS BIGINT) AS i)`
    )
    expect(row).toEqual({ nan: '', inf: '', nul: '', t: 'True', f: 'False', n: '', i: '-42' })
  })

  it('quotes text exactly where JS does: quotes, commas, line breaks, leading or trailing (Unicode) spaces', async () => {
    for (const s of ['a', '', ' a', 'a ', 'a\tb', '\ta', 'a,b', 'say "hi"', 'x\ny', 'x\r', '\u00a0x', 'x\u3000', '\u000bx', 'é ü', 'plain text']) {
      const [{ c }] = await engine.all<{ c: string }>(`SELECT ${textCellSql('s')} AS c FROM (SELECT CAST(? AS VARCHAR) AS s)`, [s])
      expect(c, JSON.stringify(s)).toBe(jsCsvCell(s))
    }
  })
})
