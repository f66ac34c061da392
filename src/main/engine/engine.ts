/** The Engine interface every analysis talks to, and the factory that picks native DuckDB or duckdb-wasm. */

import { EXACT_SUM_MACROS } from './exactSum'
import { NativeEngine } from './nativeEngine'
import { WasmEngine } from './wasmEngine'

/** A value bound to a `?` placeholder; UI values only ever reach SQL this way. */
export type SqlValue = string | number | boolean | null

/** A result row: BIGINTs become numbers (strings past 2^53), everything else a plain JS value. */
export type Row = Record<string, SqlValue>

export type EngineKind = 'native' | 'wasm'

export interface NumericColumnsOptions {
  shared?: boolean
}

/** A zeroed Float64Array of n values, in a SharedArrayBuffer when `shared`. */
export function float64Column(n: number, shared = false): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n)
}

export interface EngineOptions {
  /** DuckDB memory limit, e.g. '4GB'; larger data spills to tempDirectory. */
  memoryLimit?: string
  tempDirectory?: string
  threads?: number
}

/**
 * One embedded DuckDB database. Timestamps must be formatted in SQL (strftime / CAST AS VARCHAR):
 * the two bindings return them in different JS shapes, so results never carry raw TIMESTAMPs.
 */
export interface Engine {
  readonly kind: EngineKind
  /** Runs statements that return nothing of interest. */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>
  /** Runs a query and returns its rows as plain objects. */
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
  /** Runs a query and returns it column-wise (fast path for large numeric pulls). */
  columns(sql: string, params?: readonly SqlValue[]): Promise<{ names: string[]; data: SqlValue[][] }>
  /**
   * Runs a query whose columns are all numeric and returns them as Float64Arrays (null -> NaN):
   * the fast path for large numeric pulls, with no per-value JS objects. `shared`: the arrays live
   * in SharedArrayBuffers, which a worker thread reads without a copy (never send those to another
   * process: its IPC cannot carry them).
   */
  numericColumns(sql: string, params?: readonly SqlValue[], opts?: NumericColumnsOptions): Promise<{ names: string[]; data: Float64Array[] }>
  /** Asks the running query to stop; it then rejects. */
  interrupt(): void
  close(): Promise<void>
  /**
   * Another connection to the same database (native only): its queries run at the same time as
   * this one's, on DuckDB's shared threads. TEMP objects are per connection; closing it closes
   * only the connection. Absent where queries cannot overlap (duckdb-wasm runs one at a time).
   */
  connect?(): Promise<Engine>
  /** On a connection opened by connect(): the engine it came from (per-dataset state is kept there). */
  readonly root?: Engine
}

/** The engine a connection belongs to: the one per-dataset state is kept on. */
export function rootEngine(engine: Engine): Engine {
  return engine.root ?? engine
}

/**
 * Runs `work` on a connection of its own when the engine has connections to give (so it overlaps
 * with what the caller does next), else on the engine itself; the connection is closed after.
 */
export async function onOwnConnection<T>(engine: Engine, work: (conn: Engine) => Promise<T>): Promise<T> {
  if (!engine.connect) return work(engine)
  const conn = await engine.connect()
  try {
    return await work(conn)
  } finally {
    await conn.close().catch(() => undefined)
  }
}

/** Converts one binding value into a plain, structured-clone-safe JS value, in one place for both engines. */
export function toPlain(v: unknown): SqlValue {
  if (v === null || v === undefined) return null
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
      return v
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
    default:
      if (v instanceof Date) return v.toISOString()
      return String(v)
  }
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { memoryLimit: '3GB' }

/** Opens the requested engine; when the native binding cannot load, falls back to wasm and says why. */
export async function createEngine(
  kind: EngineKind = 'native',
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS
): Promise<{ engine: Engine; fallbackReason?: string }> {
  if (kind === 'native') {
    try {
      return { engine: await NativeEngine.open(options) }
    } catch (err) {
      return { engine: await WasmEngine.open(options), fallbackReason: `native DuckDB binding failed to load (${(err as Error).message}); using duckdb-wasm` }
    }
  }
  return { engine: await WasmEngine.open(options) }
}

/** Statements both engines run at start: spill settings, no network extension loading, the exact_sum and exact_avg aggregates. */
export function startupStatements(options: EngineOptions): string[] {
  const out = ['SET autoinstall_known_extensions = false', 'SET autoload_known_extensions = false', ...EXACT_SUM_MACROS]
  if (options.memoryLimit && /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(options.memoryLimit)) out.push(`SET memory_limit = '${options.memoryLimit}'`)
  if (options.threads && Number.isInteger(options.threads) && options.threads > 0) out.push(`SET threads = ${options.threads}`)
  if (options.tempDirectory) out.push(`SET temp_directory = '${options.tempDirectory.replace(/'/g, "''")}'`)
  return out
}
