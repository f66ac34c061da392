/** Engine over the native DuckDB binding (@duckdb/node-api): multi-threaded, no wasm memory cap. */
import { createRequire } from 'node:module'
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { type Engine, type EngineOptions, float64Column, type NumericColumnsOptions, type Row, type SqlValue, startupStatements, toPlain } from './engine'

export class NativeEngine implements Engine {
  readonly kind = 'native' as const

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly root?: NativeEngine
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

  async numericColumns(sql: string, params?: readonly SqlValue[], opts: NumericColumnsOptions = {}): Promise<{ names: string[]; data: Float64Array[] }> {
    // A materialized result knows its row count: each column is written once, chunk by chunk, into its final array.
    const result = await this.conn.run(sql, params ? [...params] : undefined)
    const names = result.columnNames()
    const total = result.rowCount
    const data = names.map(() => float64Column(total, opts.shared))
    let offset = 0
    for (let k = 0; k < result.chunkCount; k++) {
      const chunk = result.getChunk(k)
      const n = chunk.rowCount
      if (n === 0) continue
      for (let c = 0; c < names.length; c++) copyFloat64(chunk.getColumnVector(c), n, data[c], offset)
      offset += n
    }
    if (offset !== total) throw new Error(`numericColumns: read ${offset} rows of ${total}`)
    return { names, data }
  }

  interrupt(): void {
    this.conn.interrupt()
  }

  async connect(): Promise<NativeEngine> {
    return new NativeEngine(this.instance, await this.instance.connect(), this.root ?? this)
  }

  async close(): Promise<void> {
    this.conn.closeSync()
    // a connection of connect() leaves the database to the engine it came from
    if (!this.root) this.instance.closeSync()
  }
}

/** What a DOUBLE vector of @duckdb/node-api holds: its values and its validity words (null: all valid). */
interface RawDoubleVector {
  items: Float64Array
  validity: { data: BigUint64Array | null; offset: number }
}

function isRawDoubleVector(v: unknown): v is RawDoubleVector {
  const r = v as Partial<RawDoubleVector> | null
  return !!r && r.items instanceof Float64Array && !!r.validity && (r.validity.data === null || r.validity.data instanceof BigUint64Array) && r.validity.offset === 0
}

/**
 * Copies one chunk's column into `out` at `offset` (null -> NaN). A DOUBLE vector is copied
 * straight from its values, the validity mask read 32 bits at a time; any other type goes value
 * by value. Reading item by item costs ~40 ns a value (a BigInt per validity check), the raw copy
 * a few.
 */
function copyFloat64(vec: { getItem(i: number): unknown }, n: number, out: Float64Array, offset: number): void {
  if (isRawDoubleVector(vec) && vec.items.length >= n) {
    out.set(vec.items.subarray(0, n), offset)
    const words = vec.validity.data
    if (words) {
      const bits = new Uint32Array(words.buffer, words.byteOffset, words.length * 2)
      for (let w = 0; w * 32 < n; w++) {
        const word = bits[w]
        if (word === 0xffffffff) continue
        const end = Math.min(32, n - w * 32)
        for (let b = 0; b < end; b++) if (((word >>> b) & 1) === 0) out[offset + w * 32 + b] = Number.NaN
      }
    }
    return
  }
  for (let r = 0; r < n; r++) {
    const v = vec.getItem(r)
    out[offset + r] = v === null ? Number.NaN : typeof v === 'number' ? v : Number(v)
  }
}
