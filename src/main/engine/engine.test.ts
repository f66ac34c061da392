import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type EngineKind, onOwnConnection, rootEngine, toPlain } from './engine'

describe('toPlain', () => {
  it('turns BIGINTs into numbers when safe, strings otherwise, and dates into ISO text', () => {
    expect(toPlain(42n)).toBe(42)
    expect(toPlain(2n ** 60n)).toBe('1152921504606846976')
    expect(toPlain(new Date(Date.UTC(2025, 0, 2)))).toBe('2025-01-02T00:00:00.000Z')
    expect(toPlain(undefined)).toBeNull()
  })
})

describe.each<EngineKind>(['native', 'wasm'])('%s engine', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => engine.close())

  it('a new engine (each dataset load opens one) reads a file rewritten in place afresh', async () => {
    // duckdb-wasm's Node runtime keeps a file's size per open engine, so a reload must not reuse the engine.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-reread-'))
    const file = path.join(dir, 'a.csv')
    const count = 'SELECT count(*)::INTEGER AS n FROM read_csv(?)'
    try {
      fs.writeFileSync(file, 'x\n1\n2\n3\n')
      expect(await engine.all(count, [file])).toEqual([{ n: 3 }])
      fs.writeFileSync(file, 'x\n1\n2\n3\n4\n5\n')
      const fresh = (await createEngine(kind)).engine
      try {
        expect(await fresh.all(count, [file])).toEqual([{ n: 5 }])
      } finally {
        await fresh.close()
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('binds parameters instead of splicing them', async () => {
    const hostile = "'; DROP TABLE x; --"
    expect(await engine.all('SELECT ? AS s, ? + 1 AS n', [hostile, 41])).toEqual([{ s: hostile, n: 42 }])
  })

  it('returns columns, and numeric columns as Float64Arrays with NaN for null, across chunks', async () => {
    const r = await engine.columns('SELECT i::BIGINT AS i, CASE WHEN i % 2 = 0 THEN NULL ELSE i * 0.5 END AS h FROM range(5) t(i) ORDER BY i')
    expect(r.names).toEqual(['i', 'h'])
    expect(r.data).toEqual([[0, 1, 2, 3, 4], [null, 0.5, null, 1.5, null]])
    const big = await engine.numericColumns('SELECT i::BIGINT AS i, CASE WHEN i % 1000 = 0 THEN NULL ELSE i / 4 END AS q FROM range(5000) t(i) ORDER BY i')
    expect(big.names).toEqual(['i', 'q'])
    expect(big.data[0]).toBeInstanceOf(Float64Array)
    expect(big.data[0].length).toBe(5000)
    expect(big.data[0][4999]).toBe(4999)
    expect(Number.isNaN(big.data[1][3000])).toBe(true)
    expect(big.data[1][3001]).toBe(3001 / 4)
  })

  it('numeric columns keep every null and value of a DOUBLE column, at any position of a chunk', async () => {
    // Nulls at bit 0, 31, 32, 63 and 64 of the validity words and at chunk ends, and values that need every bit.
    const sql = `SELECT CASE WHEN i % 97 IN (0, 31, 32, 63, 64) OR i % 2048 = 2047 THEN NULL ELSE (i * 1.25e200) / 1e200 END::DOUBLE AS v FROM range(9000) t(i) ORDER BY i`
    const fast = (await engine.numericColumns(sql)).data[0]
    const slow = (await engine.all<{ v: number | null }>(sql)).map((r) => r.v)
    expect(fast.length).toBe(9000)
    expect(Array.from(fast, (x) => (Number.isNaN(x) ? null : x))).toEqual(slow)
  })
})

describe('connections of one database (native)', () => {
  it('share tables, run at the same time, close alone, and name the engine they came from', async () => {
    const { engine } = await createEngine('native')
    try {
      expect(engine.connect).toBeDefined()
      const conn = await engine.connect!()
      expect(conn.root).toBe(engine)
      expect(rootEngine(conn)).toBe(engine)
      expect(rootEngine(engine)).toBe(engine)
      await conn.run('CREATE TABLE made_on_conn AS SELECT range AS x FROM range(5)')
      // two queries in flight at once, one per connection
      const [a, b] = await Promise.all([
        engine.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM made_on_conn'),
        conn.all<{ s: number }>('SELECT sum(x)::BIGINT AS s FROM made_on_conn')
      ])
      expect(a[0].n).toBe(5)
      expect(b[0].s).toBe(10)
      // a connection of a connection belongs to the same engine
      const nested = await conn.connect!()
      expect(nested.root).toBe(engine)
      await nested.close()
      await conn.close()
      expect((await engine.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM made_on_conn'))[0].n).toBe(5)
    } finally {
      await engine.close()
    }
  })

  it('onOwnConnection runs the work on a new connection, or on the engine itself where there is none', async () => {
    const { engine } = await createEngine('native')
    try {
      const used: Engine[] = []
      expect(await onOwnConnection(engine, async (c) => (used.push(c), 1))).toBe(1)
      expect(used[0]).not.toBe(engine)
      expect(used[0].root).toBe(engine)
      const single: Engine = Object.assign(Object.create(engine) as Engine, { connect: undefined })
      await onOwnConnection(single, async (c) => void used.push(c))
      expect(used[1]).toBe(single)
      await expect(onOwnConnection(engine, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    } finally {
      await engine.close()
    }
  })
})
