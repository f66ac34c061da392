/** Engine over duckdb-wasm's blocking Node build: the fallback when the native binding cannot load. */
import path from 'node:path'
import { createRequire } from 'node:module'
import { type Engine, type EngineOptions, float64Column, type NumericColumnsOptions, type Row, type SqlValue, startupStatements, toPlain } from './engine'

/** The slice of duckdb-wasm's blocking Node API used here (its typings are not reachable through the package exports). */
interface ArrowTable {
  numRows: number
  schema: { fields: { name: string; type: { typeId: number; scale?: number } }[] }
  getChildAt(i: number): { get(row: number): unknown } | null
}
interface WasmConnection {
  query(sql: string): ArrowTable
  prepare(sql: string): { query(...params: unknown[]): ArrowTable; close(): void }
  close(): void
}
interface WasmModule {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<{ instantiate(progress: () => void): Promise<unknown>; connect(): WasmConnection }>
  VoidLogger: new () => unknown
  NODE_RUNTIME: unknown
}

const nodeRequire = createRequire(__filename)

export class WasmEngine implements Engine {
  readonly kind = 'wasm' as const
  private constructor(private readonly conn: WasmConnection) {}

  static async open(options: EngineOptions): Promise<WasmEngine> {
    const entry = nodeRequire.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs')
    const duckdb = nodeRequire(entry) as WasmModule
    const dist = path.dirname(entry)
    const bundles = {
      mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') }
    }
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME)
    await db.instantiate(() => {})
    const engine = new WasmEngine(db.connect())
    // wasm has no threads and its memory is capped by the wasm heap; only the portable settings apply.
    for (const s of startupStatements({ tempDirectory: options.tempDirectory })) await engine.run(s)
    return engine
  }

  private exec(sql: string, params?: readonly SqlValue[]): ArrowTable {
    if (!params || params.length === 0) return this.conn.query(sql)
    const stmt = this.conn.prepare(sql)
    try {
      return stmt.query(...params)
    } finally {
      stmt.close()
    }
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    this.exec(sql, params)
  }

  async all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    const { names, data } = await this.columns(sql, params)
    const n = data.length ? data[0].length : 0
    const out = new Array<T>(n)
    for (let r = 0; r < n; r++) {
      const obj: Row = {}
      for (let c = 0; c < names.length; c++) obj[names[c]] = data[c][r]
      out[r] = obj as T
    }
    return out
  }

  async columns(sql: string, params?: readonly SqlValue[]): Promise<{ names: string[]; data: SqlValue[][] }> {
    const table = this.exec(sql, params)
    const names = table.schema.fields.map((f) => f.name)
    const data = table.schema.fields.map((field, i) => {
      const vec = table.getChildAt(i)
      const out = new Array<SqlValue>(table.numRows)
      const scale = decimalScale(field.type)
      for (let r = 0; r < table.numRows; r++) {
        const v = vec?.get(r)
        // Arrow hands DECIMALs over unscaled; the native binding gives numbers, so scale here.
        out[r] = scale === null || v === null || v === undefined ? toPlain(v) : Number(String(v)) / 10 ** scale
      }
      return out
    })
    return { names, data }
  }

  async numericColumns(sql: string, params?: readonly SqlValue[], opts: NumericColumnsOptions = {}): Promise<{ names: string[]; data: Float64Array[] }> {
    const table = this.exec(sql, params)
    const names = table.schema.fields.map((f) => f.name)
    const data = names.map((_, i) => {
      const vec = table.getChildAt(i)
      const out = float64Column(table.numRows, opts.shared)
      const scale = decimalScale(table.schema.fields[i].type) ?? 0
      for (let r = 0; r < table.numRows; r++) {
        const v = vec?.get(r)
        out[r] = v === null || v === undefined ? Number.NaN : typeof v === 'number' ? v : Number(String(v)) / 10 ** scale
      }
      return out
    })
    return { names, data }
  }

  interrupt(): void {
    // The blocking build runs each query to completion on this thread; cancellation happens between queries.
  }

  async close(): Promise<void> {
    this.conn.close()
  }
}

/** Arrow's type id of DECIMAL. */
const ARROW_DECIMAL = 7

function decimalScale(type: { typeId: number; scale?: number }): number | null {
  return type.typeId === ARROW_DECIMAL ? (type.scale ?? 0) : null
}
