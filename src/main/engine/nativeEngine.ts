/** Engine over the native DuckDB binding (@duckdb/node-api): multi-threaded, no wasm memory cap. */
import { createRequire } from 'node:module'
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { type Engine, type EngineOptions, type Row, type SqlValue, startupStatements, toPlain } from './engine'

export class NativeEngine implements Engine {
  readonly kind = 'native' as const

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection
  ) {}

  static async open(options: EngineOptions): Promise<NativeEngine> {
    // Loaded lazily so a missing or broken native binding surfaces here, where the factory can fall back.
    const api = createRequire(__filename)('@duckdb/node-api') as typeof import('@duckdb/node-api')
    const instance = await api.DuckDBInstance.create(':memory:')
    const conn = await instance.connect()
    const engine = new NativeEngine(instance, conn)
    for (const s of startupStatements(options)) await conn.run(s)
    return engine
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    await this.conn.run(sql, params ? [...params] : undefined)
  }

  async all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params ? [...params] : undefined)
    const names = reader.columnNames()
    const rows = reader.getRowsJS()
    const out = new Array<T>(rows.length)
    for (let r = 0; r < rows.length; r++) {
      const src = rows[r]
      const obj: Row = {}
      for (let c = 0; c < names.length; c++) obj[names[c]] = toPlain(src[c])
      out[r] = obj as T
    }
    return out
  }

  async columns(sql: string, params?: readonly SqlValue[]): Promise<{ names: string[]; data: SqlValue[][] }> {
    const reader = await this.conn.runAndReadAll(sql, params ? [...params] : undefined)
    const cols = reader.getColumnsJS()
    return { names: reader.columnNames(), data: cols.map((col) => col.map(toPlain)) }
  }

  async numericColumns(sql: string, params?: readonly SqlValue[]): Promise<{ names: string[]; data: Float64Array[] }> {
    const result = await this.conn.run(sql, params ? [...params] : undefined)
    const names = result.columnNames()
    const parts: Float64Array[][] = names.map(() => [])
    let total = 0
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const n = chunk.rowCount
      for (let c = 0; c < names.length; c++) {
        const vec = chunk.getColumnVector(c)
        const out = new Float64Array(n)
        for (let r = 0; r < n; r++) {
          const v = vec.getItem(r)
          out[r] = v === null ? Number.NaN : typeof v === 'number' ? v : Number(v)
        }
        parts[c].push(out)
      }
      total += n
    }
    return { names, data: parts.map((p) => concat(p, total)) }
  }

  interrupt(): void {
    this.conn.interrupt()
  }

  async close(): Promise<void> {
    this.conn.closeSync()
    this.instance.closeSync()
  }
}

function concat(parts: Float64Array[], total: number): Float64Array {
  if (parts.length === 1) return parts[0]
  const out = new Float64Array(total)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}
