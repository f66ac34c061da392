/**
 * The PII scan: DuckDB finds candidate texts with one RE2 prefilter per text column (a superset of
 * every detector's matches), the detectors validate them in worker threads, and the findings go to
 * the `pii_findings` table (never a raw value: offsets, type, rule, score and a masked preview).
 * Scans field by field in row ranges, with progress and cancel; a field scanned once is not read again.
 */
import { availableParallelism } from 'node:os'
import { type Engine, rootEngine, type SqlValue } from '../engine/engine'
import { ident, literal } from '../ingest/sql'
import { SQL_PREFILTER } from '../pii/detect'
import { findInBatch, type BatchFinding, type TextBatch } from '../pii/findTexts'
import type { PiiWorkerInput, PiiWorkerOutput } from '../workers/piiWorker'
import { runWorker, WorkerCancelled } from '../workers/runWorker'

/** The findings table: one row per finding, keyed to the interactions row by `row_id` (its rowid). */
export const PII_TABLE = 'pii_findings'

export class PiiScanCancelled extends Error {
  constructor() {
    super('PII scan cancelled')
    this.name = 'PiiScanCancelled'
  }
}

/** What has been scanned on one engine's dataset. */
export interface PiiScanState {
  scannedFields: Set<string>
  lastScanMs: number | null
  lastScanAt: string | null
}

const states = new WeakMap<Engine, PiiScanState>()

/** The scan state of the engine's dataset (shared by its connections: see rootEngine). */
export function piiScanState(engine: Engine): PiiScanState {
  const db = rootEngine(engine)
  let s = states.get(db)
  if (!s) {
    s = { scannedFields: new Set(), lastScanMs: null, lastScanAt: null }
    states.set(db, s)
  }
  return s
}

/** Creates the (empty) findings table if it does not exist; the scope filter on findings needs it. */
export async function ensurePiiTable(engine: Engine): Promise<void> {
  await engine.run(
    `CREATE TABLE IF NOT EXISTS ${PII_TABLE} (row_id BIGINT, interaction_id VARCHAR, field VARCHAR, entity_type VARCHAR, start INTEGER, "end" INTEGER, rule VARCHAR, score DOUBLE, preview VARCHAR)`
  )
}

/** The SQL condition that a column's text may hold a finding (the detectors' prefilter, case-insensitive). */
export function prefilterSql(column: string): string {
  const contains = SQL_PREFILTER.contains.map((c) => `contains(${column}, ${literal(c)})`)
  return `(${[...contains, `regexp_matches(${column}, ${literal(SQL_PREFILTER.pattern)}, 'i')`].join(' OR ')})`
}

export interface ScanOptions {
  signal?: AbortSignal
  onProgress?: (phase: string, fraction: number) => void
  /** scan fields already scanned again (their findings are replaced) */
  rescan?: boolean
  /** rows of the table per candidate query */
  batchRows?: number
  /** validate in this thread (tests; small data): no worker */
  inProcess?: boolean
}

/**
 * Candidate texts validated per worker run. A smaller batch (the last of a field, or all of them:
 * a typical dump has about 1% candidates) is validated in this thread, in slices of
 * IN_PROCESS_SLICE texts (~10 ms each) with the event loop free between them: starting a worker
 * (its bundle and zod) costs more CPU than validating ten thousand texts.
 */
const WORKER_CHUNK = 20_000
const IN_PROCESS_SLICE = 1_000

export interface ScanResult {
  /** fields read by this call (those already scanned are skipped) */
  scanned: string[]
  findings: number
  candidates: number
  ms: number
}

/** Scans `fields` of the interactions table into the findings table. */
export async function scanFields(engine: Engine, fields: readonly string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now()
  const state = piiScanState(engine)
  await ensurePiiTable(engine)
  const todo = fields.filter((f) => opts.rescan || !state.scannedFields.has(f))
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new PiiScanCancelled()
  }
  const onAbort = (): void => engine.interrupt()
  opts.signal?.addEventListener('abort', onAbort)
  let findings = 0
  let candidates = 0
  try {
    const [{ n }] = await engine.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM interactions')
    const batchRows = opts.batchRows ?? 250_000
    const total = Math.max(1, n * todo.length)
    let done = 0
    const parallel = Math.max(1, Math.min(2, availableParallelism()))
    for (const field of todo) {
      checkCancel()
      await engine.run(`DELETE FROM ${PII_TABLE} WHERE field = ?`, [field])
      state.scannedFields.delete(field)
      // validations run in parallel; their findings are written one at a time (one connection)
      const running: Promise<BatchFinding[]>[] = []
      const store = async (job: Promise<BatchFinding[]>): Promise<void> => {
        const found = await job
        checkCancel()
        findings += found.length
        await insertFindings(engine, found)
      }
      let pending: TextBatch = { field, rowIds: [], interactionIds: [], texts: [] }
      const flush = async (): Promise<void> => {
        const batch = pending
        pending = { field, rowIds: [], interactionIds: [], texts: [] }
        if (batch.texts.length === 0) return
        const job = validate(batch, opts)
        job.catch(() => undefined) // awaited in order below; a rejection is not unhandled meanwhile
        running.push(job)
        if (running.length >= parallel) await store(running.shift()!)
      }
      for (let lo = 0; lo < n; lo += batchRows) {
        checkCancel()
        const col = ident(field)
        const data = await engine.columns(
          `SELECT rowid AS row_id, CAST(interaction_id AS VARCHAR) AS interaction_id, ${col} AS text FROM interactions
           WHERE rowid >= ? AND rowid < ? AND ${col} IS NOT NULL AND ${prefilterSql(col)}`,
          [lo, lo + batchRows]
        )
        // an empty result may come back without its columns
        const [rowIds = [], ids = [], texts = []] = data.data
        candidates += rowIds.length
        for (let i = 0; i < rowIds.length; i++) {
          pending.rowIds.push(Number(rowIds[i]))
          pending.interactionIds.push(ids[i] as string | null)
          pending.texts.push(texts[i] as string | null)
          if (pending.texts.length >= WORKER_CHUNK) await flush()
        }
        // validated while DuckDB reads the next range
        await flush()
        done += Math.min(batchRows, n - lo)
        opts.onProgress?.(`scanning ${field}`, Math.min(0.99, done / total))
      }
      await flush()
      while (running.length) await store(running.shift()!)
      state.scannedFields.add(field)
    }
    const ms = Date.now() - started
    if (todo.length) {
      state.lastScanMs = ms
      state.lastScanAt = new Date().toISOString()
    }
    opts.onProgress?.('done', 1)
    return { scanned: todo, findings, candidates, ms }
  } catch (err) {
    if (opts.signal?.aborted || err instanceof WorkerCancelled) throw new PiiScanCancelled()
    throw err
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
  }
}

async function validate(batch: TextBatch, opts: ScanOptions): Promise<BatchFinding[]> {
  if (opts.inProcess || batch.texts.length < WORKER_CHUNK) return validateHere(batch, opts.signal)
  return (await runWorker<PiiWorkerInput, PiiWorkerOutput>('piiWorker', { op: 'find', batch }, { signal: opts.signal })) as BatchFinding[]
}

/** findInBatch in this thread, slice by slice, yielding to the event loop between slices (findings in batch order). */
async function validateHere(batch: TextBatch, signal: AbortSignal | undefined): Promise<BatchFinding[]> {
  const out: BatchFinding[] = []
  for (let lo = 0; lo < batch.texts.length; lo += IN_PROCESS_SLICE) {
    if (lo > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    if (signal?.aborted) throw new PiiScanCancelled()
    const hi = lo + IN_PROCESS_SLICE
    out.push(...findInBatch({ field: batch.field, rowIds: batch.rowIds.slice(lo, hi), interactionIds: batch.interactionIds.slice(lo, hi), texts: batch.texts.slice(lo, hi) }))
  }
  return out
}

const INSERT_ROWS = 400
const COLUMNS = 9

async function insertFindings(engine: Engine, found: readonly BatchFinding[]): Promise<void> {
  for (let i = 0; i < found.length; i += INSERT_ROWS) {
    const part = found.slice(i, i + INSERT_ROWS)
    const params: SqlValue[] = []
    for (const f of part) params.push(f.row_id, f.interaction_id, f.field, f.entity_type, f.start, f.end, f.rule, f.score, f.preview)
    const row = `(${new Array(COLUMNS).fill('?').join(', ')})`
    await engine.run(`INSERT INTO ${PII_TABLE} VALUES ${part.map(() => row).join(', ')}`, params)
  }
}

/** Forgets the scan of fields (their findings are deleted): the settings no longer include them. */
export async function dropFields(engine: Engine, fields: readonly string[]): Promise<void> {
  if (fields.length === 0) return
  await ensurePiiTable(engine)
  const state = piiScanState(engine)
  for (const f of fields) {
    await engine.run(`DELETE FROM ${PII_TABLE} WHERE field = ?`, [f])
    state.scannedFields.delete(f)
  }
}
