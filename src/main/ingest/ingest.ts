/** Ingest orchestration: discover files, recognise tables, load and normalise, run gates, build windows. */
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Knobs } from '../../shared/knobs'
import { recogniseTable, SAMPLE_RATE_COLUMN, TABLE_KINDS, type TableKind } from '../../shared/schema'
import type { IntegrityReport, LoadProblem, SampleRateInfo, TableInfo } from '../../shared/types'
import { type Engine, onOwnConnection } from '../engine/engine'
import { checkFile, type FileCheck } from './fileCheck'
import { runGates, type TableColumns } from './gates'
import { readCsvSql, readRejects, sniffDialect, type Dialect } from './loadTable'
import { checkSampleRate } from './sampleRate'
import { type NormalisePlan, planInteractions } from './normalise'
import { ident } from './sql'
import { buildWindows, SPLIT_WINDOW_COLUMNS } from './windows'

export interface IngestProgress {
  phase: string
  fraction: number | null
  detail?: string
}

export interface IngestOptions {
  onProgress?: (p: IngestProgress) => void
  signal?: AbortSignal
  /** false: skip the files' SHA-256 (left empty) when nothing will show it (the CLI's text report); default true */
  hash?: boolean
  /**
   * Work on the loaded interactions table (the PII gate's response pass) started as soon as that
   * table is loaded, given the canonical columns the file has. It runs on a connection of its own
   * while the other tables load and the gates run, and the ingest waits for it before returning.
   * Its failure is not the ingest's, and it is skipped on duckdb-wasm (one connection) and for
   * files over OVERLAPPED_LOAD_MAX_BYTES: the caller does afterwards whatever it did not finish.
   */
  alongside?: (conn: Engine, present: ReadonlySet<string>) => Promise<unknown>
}

/** An ingest that could not produce a usable dataset; the message names the files and the problem. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly problems: LoadProblem[]
  ) {
    super(message)
    this.name = 'IngestError'
  }
}

export class IngestCancelled extends Error {
  constructor() {
    super('load cancelled')
    this.name = 'IngestCancelled'
  }
}

const CSV_EXT = /\.(csv|tsv|txt)$/i

/**
 * The companion tables load beside the interactions file, and the `alongside` work runs beside the
 * gates, only while all the files together stay under this size: far below the engine's memory
 * limit (3 GB), so nothing spills. At 10M rows (6.8 GB of CSV) overlapping made the whole ingest
 * slower (41 s against 37 s), the gates and loads spilling more.
 */
export const OVERLAPPED_LOAD_MAX_BYTES = 1 << 30

/** Expands folders (one level) into their CSV files; files are kept as given. */
export function discoverFiles(inputs: readonly string[]): { files: string[]; problems: LoadProblem[] } {
  const files: string[] = []
  const problems: LoadProblem[] = []
  for (const input of inputs) {
    const abs = path.resolve(input)
    let st: fs.Stats
    try {
      st = fs.statSync(abs)
    } catch {
      problems.push({ file: input, message: `${input}: not found`, severity: 'error' })
      continue
    }
    if (st.isDirectory()) {
      const found = fs
        .readdirSync(abs)
        .filter((f) => CSV_EXT.test(f))
        .sort()
        .map((f) => path.join(abs, f))
      if (found.length === 0) problems.push({ file: input, message: `${input}: folder holds no .csv files`, severity: 'error' })
      files.push(...found)
    } else {
      files.push(abs)
    }
  }
  return { files, problems }
}

/**
 * The hashing thread's code: hashes the files it is sent one at a time, each read in 1 MB blocks into
 * one reused buffer, posting the bytes done every 32 MB and then the digest (or the error), tagged
 * with the job's id. Plain JavaScript, so it runs the same from sources and from a bundle.
 */
const HASH_WORKER = `
const { parentPort } = require('node:worker_threads')
const fs = require('node:fs')
const crypto = require('node:crypto')
const buf = Buffer.allocUnsafe(1 << 20)
parentPort.on('message', ({ id, file }) => {
  try {
    const hash = crypto.createHash('sha256')
    const fd = fs.openSync(file, 'r')
    let seen = 0
    let reported = 0
    try {
      for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
        hash.update(buf.subarray(0, n))
        seen += n
        if (seen - reported >= 32 << 20) {
          reported = seen
          parentPort.postMessage({ id, bytes: seen })
        }
      }
    } finally {
      fs.closeSync(fd)
    }
    parentPort.postMessage({ id, bytes: seen, digest: hash.digest('hex') })
  } catch (err) {
    parentPort.postMessage({ id, error: err && err.message ? err.message : String(err) })
  }
})
`

interface HashJob {
  resolve: (digest: string) => void
  reject: (err: Error) => void
  onBytes?: (n: number) => void
}

/** The process's hashing thread and the jobs sent to it, while it runs. */
interface HashThread {
  worker: Worker
  jobs: Map<number, HashJob>
}

let hashThread: HashThread | null = null
let nextHashJob = 0

/**
 * The hashing thread, started on first use and kept: one thread hashes every file in turn (a thread
 * costs ~25 ms of CPU to start, the four companion tables' hashes less than that each). It holds the
 * process open only while it has jobs. A thread that fails fails its jobs; the next call starts another.
 */
function hashingThread(): HashThread {
  if (hashThread) return hashThread
  const worker = new Worker(HASH_WORKER, { eval: true })
  const thread: HashThread = { worker, jobs: new Map() }
  const idle = (): void => {
    if (thread.jobs.size === 0) worker.unref()
  }
  worker.on('message', (m: { id: number; bytes?: number; digest?: string; error?: string }) => {
    const job = thread.jobs.get(m.id)
    if (!job) return
    if (m.error !== undefined) {
      thread.jobs.delete(m.id)
      job.reject(new Error(m.error))
    } else {
      if (m.bytes !== undefined) job.onBytes?.(m.bytes)
      if (m.digest !== undefined) {
        thread.jobs.delete(m.id)
        job.resolve(m.digest)
      }
    }
    idle()
  })
  const stopped = (err: Error): void => {
    if (hashThread === thread) hashThread = null
    const jobs = [...thread.jobs.values()]
    thread.jobs.clear()
    jobs.forEach((job) => job.reject(err))
  }
  worker.on('error', stopped)
  worker.on('exit', (code) => stopped(new Error(`the hashing thread stopped (exit ${code})`)))
  hashThread = thread
  return thread
}

/**
 * SHA-256 of a file, computed on the process's hashing thread (block reads into one reused buffer:
 * about half the CPU of a stream, and the calling thread stays free), reporting bytes as it goes.
 * Files are hashed one after the other, in the order asked.
 */
export function sha256File(file: string, onBytes?: (n: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const thread = hashingThread()
    const id = nextHashJob++
    thread.jobs.set(id, { resolve, reject, onBytes })
    thread.worker.ref()
    thread.worker.postMessage({ id, file })
  })
}

interface Candidate {
  file: string
  kind: TableKind
  check: FileCheck
  dialect: Dialect
}

/** Loads a dataset into an empty engine and returns its integrity report. */
export async function ingestFiles(engine: Engine, inputs: readonly string[], knobs: Knobs, opts: IngestOptions = {}): Promise<IntegrityReport> {
  const progress = (phase: string, fraction: number | null, detail?: string): void => opts.onProgress?.({ phase, fraction, detail })
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new IngestCancelled()
  }
  // every connection at work (the engine's and those opened for concurrent reads): a cancel interrupts each
  const connections = new Set<Engine>([engine])
  const onAbort = (): void => connections.forEach((c) => c.interrupt())
  opts.signal?.addEventListener('abort', onAbort)
  let alongside: Promise<unknown> | null = null
  try {
    progress('discovering files', 0)
    const { files, problems } = discoverFiles(inputs)
    const candidates = new Map<TableKind, Candidate>()
    const sniffs = sniffFiles(engine, files, connections, checkCancel)
    // Each file's table, in file order: the first file recognised as a table is used, later ones are ignored.
    const classify = (f: number, sniffed: SniffedFile): void => {
      const file = files[f]
      const name = path.basename(file)
      const { check, dialect, error } = sniffed
      if (!check.ok) {
        problems.push({ file: name, message: `${name}: ${check.problem}`, severity: 'error' })
        return
      }
      if (!dialect) {
        problems.push({ file: name, message: `${name}: cannot read as CSV (${firstLine(error)})`, severity: 'error' })
        return
      }
      const kind = recogniseTable(name, dialect.header.map((h) => h.header))
      if (!kind) {
        problems.push({ file: name, message: `${name}: not recognised as one of the five telemetry tables (columns: ${dialect.header.slice(0, 8).map((h) => h.header).join(', ')}${dialect.header.length > 8 ? ', ...' : ''}); ignored`, severity: 'warning' })
        return
      }
      const prior = candidates.get(kind)
      if (prior) {
        problems.push({ file: name, table: kind, message: `${name}: a second ${kind} table (${path.basename(prior.file)} is already used); ignored`, severity: 'warning' })
        return
      }
      if (check.encoding === 'latin-1') problems.push({ file: name, table: kind, message: `${name}: not valid UTF-8; read as latin-1`, severity: 'warning' })
      candidates.set(kind, { file, kind, check, dialect })
    }

    // Until every file is classified, the load's share of the progress counts every file's bytes.
    let totalBytes = sniffs.bytes
    const hashedBytes = new Map<TableKind, number>()
    // the load's share of the progress: the bytes hashed so far of every file
    const readFraction = (): number | null => {
      let done = 0
      hashedBytes.forEach((x) => (done += x))
      return totalBytes ? Math.min(1, done / totalBytes) * 0.85 : null
    }
    const onBytes = (kind: TableKind, n: number, name: string): void => {
      hashedBytes.set(kind, n)
      progress(`reading ${name}`, readFraction(), `${n} bytes`)
    }
    const loadKind = (conn: Engine, kind: TableKind): Promise<LoadedTable> => {
      checkCancel()
      const cand = candidates.get(kind)!
      progress(`reading ${path.basename(cand.file)}`, readFraction())
      return loadCandidate(conn, cand, { hash: opts.hash !== false, signal: opts.signal, onBytes: (n) => onBytes(kind, n, path.basename(cand.file)) })
    }
    // The interactions file loads on the engine's connection as soon as it and every file before it
    // are sniffed (the other sniffs go on beside it), and the other tables load, one after the other,
    // on a connection of their own; the `alongside` work runs beside what follows. All in turn on
    // duckdb-wasm, and when the files are large enough for DuckDB to spill (work done at once then
    // spills more than it gains).
    const early = engine.connect !== undefined
    const overlap = early && sniffs.bytes <= OVERLAPPED_LOAD_MAX_BYTES
    let classified = 0
    if (early) {
      while (classified < files.length && !candidates.has('interactions')) classify(classified, await sniffs.each[classified++])
    }
    const interactionsLoad = candidates.has('interactions') ? loadKind(engine, 'interactions') : null
    interactionsLoad?.catch(() => undefined) // awaited below; meanwhile a rejection is not unhandled
    let loadedInteractions: LoadedTable
    let rest: Promise<LoadedTable[]> | null = null
    const restKinds = (): TableKind[] => TABLE_KINDS.filter((k) => k !== 'interactions' && candidates.has(k))
    const loadRest = (conn: Engine): Promise<LoadedTable[]> =>
      tracked(connections, conn, async () => {
        const out: LoadedTable[] = []
        for (const kind of restKinds()) out.push(await loadKind(conn, kind))
        return out
      })
    try {
      while (classified < files.length) classify(classified, await sniffs.each[classified++])
      await sniffs.done
      totalBytes = [...candidates.values()].reduce((s, c) => s + c.check.bytes, 0)
      const interactions = candidates.get('interactions')
      if (!interactions) {
        const detail = problems.filter((p) => p.severity === 'error').map((p) => p.message)
        throw new IngestError(
          `no usable interactions table (llm_system_interactions.csv or a file with its columns) in ${inputs.join(', ')}${detail.length ? ': ' + detail.join('; ') : ''}`,
          problems
        )
      }
      rest = overlap ? onOwnConnection(engine, loadRest) : null
      rest?.catch(() => undefined) // awaited below; meanwhile a rejection is not unhandled
      loadedInteractions = await (interactionsLoad ?? loadKind(engine, 'interactions'))
      const fatal = loadedInteractions.fatal
      if (fatal) {
        const name = path.basename(interactions.file)
        throw new IngestError(fatal.problem.message, [...problems.filter((p) => !fatal.replaces || p.file !== name), ...loadedInteractions.problems, fatal.problem])
      }
    } catch (err) {
      // nothing started here is left running on the engine
      await Promise.all([sniffs.done, interactionsLoad, rest].map((p) => p?.catch(() => undefined)))
      throw err
    }
    const plan = loadedInteractions.plan!
    const present = new Set(plan.present)
    const derived = plan.derived
    const mappingOfInteractions = plan.mapping
    const work = opts.alongside
    if (work && overlap) {
      alongside = onOwnConnection(engine, (conn) => tracked(connections, conn, () => work(conn, present)))
      alongside.catch(() => undefined) // awaited before returning
    }
    const tables: Partial<Record<TableKind, TableInfo>> = {}
    const tableColumns: TableColumns = {}
    for (const t of [loadedInteractions, ...(await (rest ?? loadRest(engine)))]) {
      problems.push(...t.problems)
      if (!t.info) continue
      tables[t.kind] = t.info
      tableColumns[t.kind] = t.columns
    }
    checkCancel()
    if (!present.has('interaction_id')) problems.push({ file: tables.interactions!.file, table: 'interactions', message: `${tables.interactions!.file}: no interaction_id column; rows cannot be keyed (primary-key gate fails)`, severity: 'error' })

    progress('normalising', 0.87)
    const tsNote = await timestampFallback(engine, present)
    const [{ missing, unparsed }] = await engine.all<{ missing: number; unparsed: number }>(
      `SELECT count(*) FILTER (WHERE is_failure_was_missing)::BIGINT AS missing, count(*) FILTER (WHERE timestamp_utc IS NULL)::BIGINT AS unparsed FROM interactions`
    )
    checkCancel()
    progress('checking integrity gates', 0.9)
    const gates = await runGates(engine, tableColumns, present, knobs)
    checkCancel()
    progress('building windows', 0.96)
    const { info: windows, leakage } = await buildWindows(engine, knobs, present.has('split'), tsNote === undefined)
    gates.push(leakage)
    // Only a dump that carries a sampling weight gets its gate (every other report stays as it was).
    let sampleRate: SampleRateInfo | undefined
    if (present.has(SAMPLE_RATE_COLUMN)) {
      const checked = await checkSampleRate(engine, mappingOfInteractions[SAMPLE_RATE_COLUMN] ?? SAMPLE_RATE_COLUMN)
      sampleRate = checked.info
      gates.push(checked.gate)
    }
    const failed = gates.filter((g) => g.status === 'fail').map((g) => g.gate)
    if (alongside) await alongside.catch(() => undefined)
    checkCancel()
    progress('done', 1)
    return {
      tables,
      tables_absent: TABLE_KINDS.filter((k) => !tables[k]),
      gates,
      gates_failed: failed,
      gates_overridden: [],
      blocked: failed.length > 0,
      is_failure_was_missing: missing,
      timestamps_unparsed: unparsed,
      normalisation_notes: { derived_columns: derived, ...(tsNote ? { timestamp_source: tsNote } : {}) },
      windows,
      problems,
      ...(sampleRate ? { sample_rate: sampleRate } : {})
    }
  } finally {
    // a failed or cancelled ingest leaves no work running on its tables
    if (alongside) await alongside.catch(() => undefined)
    opts.signal?.removeEventListener('abort', onAbort)
  }
}

/** A file's check and sniffed dialect (or why it could not be sniffed). */
interface SniffedFile {
  check: FileCheck
  dialect?: Dialect
  error?: unknown
}

/**
 * Runs `fn` with `conn` in the set a cancel interrupts; a connection of its own leaves the set after,
 * the engine's own connection (always in it) stays.
 */
async function tracked<T>(connections: Set<Engine>, conn: Engine, fn: () => Promise<T>): Promise<T> {
  const added = !connections.has(conn)
  connections.add(conn)
  try {
    return await fn()
  } finally {
    if (added) connections.delete(conn)
  }
}

/** Every file's sniff as it finishes (in file order), their total size, and when all are done. */
interface Sniffs {
  each: Promise<SniffedFile>[]
  bytes: number
  done: Promise<void>
}

/** Files named like the interactions table: sniffed first, so that its load can start early. */
const INTERACTIONS_NAME = /interactions/i

/** A file's check and, when it passes, its sniffed dialect or why it could not be sniffed. */
async function sniffOne(conn: Engine, file: string): Promise<SniffedFile> {
  const check = checkFile(file)
  if (!check.ok) return { check }
  try {
    return { check, dialect: await sniffDialect(conn, file, check) }
  } catch (error) {
    return { check, error }
  }
}

/**
 * Checks and sniffs every file, two at a time on connections of their own when the engine has
 * them (a sniff is mostly one thread's work), else one after the other on the engine's. Files named
 * like the interactions table go first. A cancel stops the lanes and fails the files not sniffed;
 * `done` settles once both lanes have stopped.
 */
function sniffFiles(engine: Engine, files: readonly string[], connections: Set<Engine>, checkCancel: () => void): Sniffs {
  const settle: ((s: SniffedFile) => void)[] = []
  const fail: ((err: unknown) => void)[] = []
  const each = files.map(
    (_, f) =>
      new Promise<SniffedFile>((resolve, reject) => {
        settle[f] = resolve
        fail[f] = reject
      })
  )
  each.forEach((p) => p.catch(() => undefined)) // a cancel rejects those not yet awaited
  const indices = files.map((_, f) => f)
  const named = (f: number): boolean => INTERACTIONS_NAME.test(path.basename(files[f]))
  const order = [...indices.filter(named), ...indices.filter((f) => !named(f))]
  let bytes = 0
  for (const file of files) {
    try {
      bytes += fs.statSync(file).size
    } catch {
      // checkFile reports it
    }
  }
  let next = 0
  const lane = (conn: Engine): Promise<void> =>
    tracked(connections, conn, async () => {
      for (let k = next++; k < order.length; k = next++) {
        checkCancel()
        settle[order[k]](await sniffOne(conn, files[order[k]]))
      }
    })
  const lanes = engine.connect && files.length > 1 ? [onOwnConnection(engine, lane), onOwnConnection(engine, lane)] : [lane(engine)]
  const done = Promise.allSettled(lanes).then((ends) => {
    const stopped = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected')
    if (!stopped) return
    // files no lane got to fail with its reason (the settled ones keep their result)
    fail.forEach((reject) => reject(stopped.reason))
    throw stopped.reason
  })
  done.catch(() => undefined) // awaited by the ingest
  return { each, bytes, done }
}

/** One table's load: its report entry and columns, the problems met, and for interactions the normalisation plan. */
interface LoadedTable {
  kind: TableKind
  info?: TableInfo
  columns: Set<string>
  problems: LoadProblem[]
  plan?: NormalisePlan
  /** an interactions table that cannot be used: the ingest stops with this problem (which `replaces` the file's others) */
  fatal?: { problem: LoadProblem; replaces: boolean }
}

/**
 * Loads one recognised file into its table on `conn` (hashing it meanwhile on a thread of its own
 * unless `hash` is false). A file that cannot be loaded leaves no table and a problem naming it; for
 * the interactions table that (or a file without data rows) is `fatal`.
 */
async function loadCandidate(
  conn: Engine,
  cand: Candidate,
  opts: { hash: boolean; signal?: AbortSignal; onBytes: (n: number) => void }
): Promise<LoadedTable> {
  const { kind } = cand
  const name = path.basename(cand.file)
  const problems: LoadProblem[] = []
  const hashing = opts.hash ? sha256File(cand.file, opts.onBytes) : Promise.resolve('')
  hashing.catch(() => undefined) // a read error surfaces through DuckDB's load below; never as an unhandled rejection
  const rejectsName = `rejects_${kind}`
  let info: TableInfo
  let plan: NormalisePlan | undefined
  try {
    // DuckDB appends to a rejects table across scans: start each load from empty ones.
    await conn.run(`DROP TABLE IF EXISTS ${ident(rejectsName + '_errors')}`)
    await conn.run(`DROP TABLE IF EXISTS ${ident(rejectsName + '_scans')}`)
    let mapping: Record<string, string> = {}
    let unknown: string[] = []
    let duplicates: string[] = []
    let usedRejects = false
    if (kind === 'interactions') {
      const loaded = await loadInteractions(conn, cand.file, cand.dialect, cand.check, rejectsName, { signal: opts.signal })
      usedRejects = loaded.usedRejects
      plan = loaded.plan
      mapping = plan.mapping
      unknown = plan.unknown
      duplicates = plan.duplicates
    } else {
      const create = (source: string): string => `CREATE OR REPLACE TABLE ${kind} AS SELECT * FROM ${source}`
      usedRejects = await loadStrictThenTolerant(conn, cand.file, cand.dialect, cand.check, rejectsName, create, opts.signal)
      const seen = new Set<string>()
      for (const h of cand.dialect.header) {
        const k = h.header.trim().toLowerCase()
        if (seen.has(k)) duplicates.push(h.header)
        seen.add(k)
      }
    }
    const rejects = usedRejects ? await readRejects(conn, rejectsName, cand.file) : { count: 0, examples: [] }
    const [{ n }] = await conn.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(kind)}`)
    const notes: string[] = []
    if (n === 0) notes.push('header only: the file has no data rows')
    if (cand.check.hasBom) notes.push('UTF-8 byte order mark skipped')
    if (cand.check.encoding === 'latin-1') notes.push('read as latin-1 (not valid UTF-8)')
    const sha256 = await hashing
    info = {
      table: kind,
      file: name,
      path: cand.file,
      rows: n,
      bytes: cand.check.bytes,
      sha256,
      rejected_rows: rejects.count,
      rejected_examples: rejects.examples,
      column_mapping: mapping,
      source_columns: cand.dialect.header.map((h) => h.header),
      unknown_columns: unknown,
      duplicate_columns: duplicates,
      delimiter: cand.dialect.delimiter,
      encoding: cand.check.encoding,
      notes
    }
    if (n === 0) problems.push({ file: name, table: kind, message: `${name}: header only, no data rows`, severity: 'warning' })
    if (rejects.count > 0) {
      const first = rejects.examples[0]
      problems.push({ file: name, table: kind, line: first?.line ?? undefined, message: `${name}: ${rejects.count} row(s) rejected by the CSV reader; first at line ${first?.line}: ${first?.reason}`, severity: 'warning' })
    }
    if (duplicates.length) problems.push({ file: name, table: kind, message: `${name}: duplicate column(s) ${duplicates.join(', ')}; the first of each is used`, severity: 'warning' })
    if (unknown.length && kind === 'interactions') problems.push({ file: name, table: kind, message: `${name}: ${unknown.length} column(s) not in the schema kept as text: ${unknown.join(', ')}`, severity: 'warning' })
  } catch (err) {
    await hashing.catch(() => undefined)
    if (opts.signal?.aborted) throw new IngestCancelled()
    const message = `${name}: cannot be loaded (${firstLine(err)})`
    const problem: LoadProblem = { file: name, table: kind, message, severity: 'error' }
    if (kind === 'interactions') return { kind, columns: new Set(), problems: [], fatal: { problem, replaces: false } }
    await conn.run(`DROP TABLE IF EXISTS ${ident(kind)}`)
    return { kind, columns: new Set(), problems: [problem] }
  }
  if (kind === 'interactions' && info.rows === 0) {
    // PIPELINE.md section 2: an interactions table without data rows is an error, not a pass.
    const why = info.rejected_rows > 0 ? `no data row could be read (${info.rejected_rows} rejected; first at line ${info.rejected_examples[0]?.line}: ${info.rejected_examples[0]?.reason})` : 'header only, no data rows'
    const message = `${name}: ${why}; there is nothing to analyze`
    return { kind, columns: new Set(), problems: [], fatal: { problem: { file: name, table: kind, message, severity: 'error' }, replaces: true } }
  }
  const cols = await conn.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(kind)})`)
  return { kind, info, columns: new Set(cols.map((c) => c.column_name.trim().toLowerCase())), problems, plan }
}

/**
 * Reads a file into a table in strict mode; only when a row is bad (the rare case, so a clean file
 * is read once) reads it again with rejects stored under `rejectsName`, so every rejected line is
 * listed. Returns whether the rejects were used.
 */
async function loadStrictThenTolerant(
  engine: Engine,
  file: string,
  dialect: Dialect,
  check: FileCheck,
  rejectsName: string,
  sql: (source: string) => string,
  signal?: AbortSignal
): Promise<boolean> {
  try {
    await engine.run(sql(readCsvSql(dialect, check, null)), [file])
    return false
  } catch (err) {
    if (signal?.aborted || !isCsvRowError(err)) throw err
    await engine.run(sql(readCsvSql(dialect, check, rejectsName)), [file])
    return true
  }
}

/**
 * Loads the interactions file as the normalised `interactions` table (with the dataset-split window
 * columns, which come in the same pass; buildWindows adjusts them if needed). First the numeric and
 * flag columns the sniffer saw parse are typed by the reader, which is cheaper than parsing their
 * text in SQL and gives the same values (see ReaderType); any failure of that read, a value the
 * reader refuses as much as a bad row, leaves the load to the all-text reads, which give the table
 * and the rejects as before. `typed: false` skips the typed read (tests compare the two).
 */
export async function loadInteractions(
  engine: Engine,
  file: string,
  dialect: Dialect,
  check: FileCheck,
  rejectsName: string,
  opts: { signal?: AbortSignal; typed?: boolean } = {}
): Promise<{ plan: NormalisePlan; readerTyped: boolean; usedRejects: boolean }> {
  const create = (p: NormalisePlan, source: string): string => `CREATE OR REPLACE TABLE interactions AS SELECT *, ${SPLIT_WINDOW_COLUMNS} FROM (SELECT\n  ${p.selectList}\nFROM ${source})`
  const plan = planInteractions(dialect.header)
  const typedPlan = planInteractions(dialect.header, dialect.sniffedTypes)
  if (opts.typed !== false && typedPlan.readerTypes.size > 0) {
    try {
      await engine.run(create(typedPlan, readCsvSql(dialect, check, null, typedPlan.readerTypes)), [file])
      return { plan: typedPlan, readerTyped: true, usedRejects: false }
    } catch (err) {
      if (opts.signal?.aborted) throw err
    }
  }
  const usedRejects = await loadStrictThenTolerant(engine, file, dialect, check, rejectsName, (source) => create(plan, source), opts.signal)
  return { plan, readerTyped: false, usedRejects }
}

/** When no timestamp parses and date_utc exists, uses date_utc + hour_of_day_utc hours. */
async function timestampFallback(engine: Engine, present: Set<string>): Promise<string | undefined> {
  if (!present.has('date_utc')) return undefined
  const [{ n }] = await engine.all<{ n: number }>('SELECT count(timestamp_utc)::BIGINT AS n FROM interactions')
  if (n > 0) return undefined
  await engine.run(
    `UPDATE interactions SET timestamp_utc = TRY_CAST(trim(date_utc) AS DATE) + to_hours(CAST(coalesce(hour_of_day_utc, 0) AS BIGINT))`
  )
  return 'date_utc + hour_of_day_utc (no timestamp_utc value parsed)'
}

/** A reader error about a row of the file (columns, quoting, encoding, line size), which the tolerant read can list. */
function isCsvRowError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err)
  return /CSV Error|Error when (sniffing|parsing)|Expected Number of Columns|unterminated quote|Invalid unicode|Maximum line size|line \d+/i.test(msg) && !/No files found|Permission/i.test(msg)
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  return msg.split('\n')[0].replace(/^(IO|Invalid Input|Conversion|Binder|Parser) Error: /, '').slice(0, 400)
}

/** Knobs that shape the ingest report itself (windows and missing-rate gates). */
export const LOAD_KNOBS = ['TIME_SPLIT_FRAC', 'MAX_LATENCY_MISSING_RATE', 'MAX_COST_MISSING_RATE'] as const

/**
 * Re-applies the load-time knobs to a loaded dataset: the missing-rate gates are re-judged from
 * their stored shares, and the windows (with the leakage gate) are rebuilt when TIME_SPLIT_FRAC
 * matters. Returns the updated report; the table is updated in place.
 */
export async function refreshReportForKnobs(engine: Engine, report: IntegrityReport, knobs: Knobs): Promise<IntegrityReport> {
  const max: Record<string, number> = { latency_missing_rate: knobs.MAX_LATENCY_MISSING_RATE, cost_missing_rate: knobs.MAX_COST_MISSING_RATE }
  let gates = report.gates.map((g) => {
    if (!(g.gate in max) || g.missing_share === undefined) return g
    const limit = max[g.gate]
    const detail = (g.detail ?? '').replace(/vs max [^\s;]+$/, `vs max ${limit}`)
    return { ...g, status: g.missing_share > limit ? ('fail' as const) : ('pass' as const), detail }
  })
  let windows = report.windows
  if (windows.windowing_method === 'session_safe_time_split') {
    const source = report.tables.interactions
    const hasSplit = source ? source.source_columns.some((c) => c.trim().toLowerCase() === 'split') : false
    const rebuilt = await buildWindows(engine, knobs, hasSplit)
    windows = rebuilt.info
    gates = gates.map((g) => (g.gate === rebuilt.leakage.gate ? rebuilt.leakage : g))
  }
  const failed = gates.filter((g) => g.status === 'fail').map((g) => g.gate)
  return { ...report, gates, windows, gates_failed: failed, blocked: failed.length > 0 }
}
