/**
 * Writes bundles: every table of the loaded dataset to zstd Parquet by DuckDB (into a staging folder
 * the engine is allowed to write, nowhere else), then one ZIP (yazl) with the workspace, the report,
 * the annotations and a manifest of SHA-256s, written to a temp file and committed atomically.
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import type { ColumnRef } from '../../shared/workspaceApi'
import type { IntegrityReport } from '../../shared/types'
import type { Knobs } from '../../shared/knobs'
import type { Engine } from '../engine/engine'
import { ApiError } from '../backend/errors'
import { appVersion } from '../backend/version'
import { ident, literal } from '../ingest/sql'
import { commitTempFile, tempPathFor } from './atomicFile'
import type { BundleArchive } from './bundleArchive'
import { BUNDLE_COLUMN_TYPE, BUNDLE_FORMAT, BUNDLE_MIMETYPE, BUNDLE_TABLE_NAME, BUNDLE_VERSION, ENTRY, dataEntryName, type BundleManifest } from './bundleFormat'
import { REDACT_MASKER, type MaskedRelation, type TextMasker } from './textMasking'

export interface BundleTableColumns {
  table: string
  rows: number
  columns: { name: string; type: string }[]
}

/** The tables a bundle carries (telemetry tables and rejects), with their columns, in a stable order. */
export async function bundleTables(engine: Engine): Promise<BundleTableColumns[]> {
  const names = await engine.all<{ table_name: string }>(`SELECT DISTINCT table_name FROM duckdb_tables() ORDER BY table_name`)
  const order = ['interactions', 'sessions', 'users', 'prompts', 'samples']
  const tables = names
    .map((n) => n.table_name)
    .filter((n) => BUNDLE_TABLE_NAME.test(n))
    .sort((a, b) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)) || (a < b ? -1 : 1))
  const out: BundleTableColumns[] = []
  for (const table of tables) {
    const cols = await engine.all<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE ${ident(table)})`)
    const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`)
    out.push({ table, rows: n, columns: cols.map((c) => ({ name: c.column_name, type: c.column_type })) })
  }
  return out
}

/** One table's Parquet, from a staging file or another bundle. */
interface DataPart {
  table: string
  rows: number
  columns: { name: string; type: string }[]
  bytes: number
  open(): Promise<Readable>
  /** when copying from another bundle: the SHA-256 its manifest gives, checked as it is copied */
  expectSha256?: string
}

interface AssembleInput {
  target: string
  workspaceJson: string
  reportJson: string
  annotationsJsonl: string
  parts: DataPart[]
  /** the manifest's fields beyond entries and tables (extra fields of an older bundle are kept) */
  manifest: Pick<BundleManifest, 'inputs' | 'report_knobs' | 'dropped_columns' | 'masked_columns'> & Record<string, unknown>
  onProgress?: (fraction: number) => void
  /** ZIP64 records even when the sizes do not need them (tests of the ZIP64 path) */
  forceZip64?: boolean
}

/** Writes the ZIP to a temp file beside `target`, then commits it (the previous file kept as .bak). Returns size and SHA-256. */
async function assemble(input: AssembleInput): Promise<{ bytes: number; sha256: string }> {
  const zip = new yazl.ZipFile()
  const mtime = new Date()
  const forceZip64Format = input.forceZip64 === true
  const entries: BundleManifest['entries'] = []
  const addText = (name: string, text: string): void => {
    const buf = Buffer.from(text, 'utf8')
    entries.push({ name, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length })
    zip.addBuffer(buf, name, { mtime, compress: true, forceZip64Format })
  }
  zip.addBuffer(Buffer.from(BUNDLE_MIMETYPE, 'latin1'), ENTRY.mimetype, { mtime, compress: false })
  addText(ENTRY.workspace, input.workspaceJson)
  addText(ENTRY.report, input.reportJson)
  addText(ENTRY.annotations, input.annotationsJsonl)
  const totalData = input.parts.reduce((s, p) => s + p.bytes, 0) || 1
  let copied = 0
  for (const part of input.parts) {
    const name = dataEntryName(part.table)
    zip.addReadStreamLazy(name, { mtime, compress: false, size: part.bytes, forceZip64Format }, (cb) => {
      part
        .open()
        .then((source) => {
          const hash = createHash('sha256')
          const pass = new PassThrough()
          source.on('data', (chunk: Buffer) => {
            hash.update(chunk)
            copied += chunk.length
            input.onProgress?.(copied / totalData)
          })
          source.on('end', () => {
            const sha256 = hash.digest('hex')
            if (part.expectSha256 && part.expectSha256 !== sha256) {
              pass.destroy(new Error(`${name} changed while it was copied (SHA-256 mismatch)`))
              return
            }
            entries.push({ name, sha256, bytes: part.bytes })
          })
          source.on('error', (err) => pass.destroy(err))
          source.pipe(pass)
          cb(null, pass)
        })
        .catch((err: unknown) => cb(err, new PassThrough()))
    })
  }
  zip.addReadStreamLazy(ENTRY.manifest, { mtime, compress: true, forceZip64Format }, (cb) => {
    const manifest: BundleManifest = {
      ...input.manifest,
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      created: mtime.toISOString(),
      app_version: appVersion(),
      entries,
      tables: input.parts.map((p) => ({ name: p.table, entry: dataEntryName(p.table), rows: p.rows, columns: p.columns }))
    }
    const s = new PassThrough()
    s.end(JSON.stringify(manifest, null, 1))
    cb(null, s)
  })
  // yazl reports a failing input on the zip object, not on its output: end the output with it.
  zip.on('error', (err: Error) => (zip.outputStream as unknown as PassThrough).destroy(err))
  zip.end({ forceZip64Format, comment: '' })
  const tmp = tempPathFor(input.target)
  const fileHash = createHash('sha256')
  let bytes = 0
  try {
    await pipeline(
      zip.outputStream as unknown as Readable,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          fileHash.update(chunk)
          bytes += chunk.length
          yield chunk
        }
      },
      fs.createWriteStream(tmp, { mode: 0o644 })
    )
    commitTempFile(tmp, input.target)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
  return { bytes, sha256: fileHash.digest('hex') }
}

export interface WriteBundleOptions {
  engine: Engine
  file: string
  /** a folder DuckDB may write Parquet into (the locked engine's allowed directory) */
  stagingDir: string
  report: IntegrityReport
  /** the knobs the report was computed under */
  reportKnobs: Knobs
  workspaceJson: string
  annotationsJsonl: string
  drop?: readonly ColumnRef[]
  mask?: readonly ColumnRef[]
  masker?: TextMasker
  signal?: AbortSignal
  onProgress?: (phase: string, fraction: number) => void
  /** write ZIP64 records even for small files (tests) */
  forceZip64?: boolean
}

export interface WrittenBundle {
  path: string
  bytes: number
  sha256: string
  tables: Record<string, number>
}

/** The report as the ingest made it: overrides are the workspace's (and the CLI's) to apply, not the stored report's. */
export function pristineReport(report: IntegrityReport): IntegrityReport {
  const gates = report.gates.map(({ overridden: _o, ...g }) => g)
  return { ...report, gates, gates_overridden: [], blocked: report.gates_failed.length > 0 }
}

/**
 * zstd at level 1: a third faster to write than DuckDB's default level on this data, for files about
 * 15% larger (a bundle is still under a tenth of its CSVs; see bench/workspace-results.md).
 */
export const PARQUET_OPTIONS = 'FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1'

const key = (r: ColumnRef): string => `${r.table}\u0000${r.column}`

/** Writes the loaded dataset and the workspace as one bundle file. */
export async function writeBundle(o: WriteBundleOptions): Promise<WrittenBundle> {
  const tables = await bundleTables(o.engine)
  if (!tables.some((t) => t.table === 'interactions')) throw new ApiError('no_dataset', 'no interactions table is loaded: nothing to bundle')
  const drop = new Set((o.drop ?? []).map(key))
  const mask = new Set((o.mask ?? []).map(key))
  const known = new Set(tables.flatMap((t) => t.columns.map((c) => key({ table: t.table, column: c.name }))))
  for (const r of [...(o.drop ?? []), ...(o.mask ?? [])]) {
    if (!known.has(key(r))) throw new ApiError('invalid_request', `no column ${r.column} in table ${r.table}`)
  }
  if ((o.drop ?? []).some((r) => r.table === 'interactions' && r.column === 'interaction_id')) throw new ApiError('invalid_request', 'interaction_id cannot be dropped: annotations and every drilldown need it')
  const masker = o.masker ?? REDACT_MASKER
  const step = (phase: string, fraction: number): void => o.onProgress?.(phase, fraction)
  const onAbort = (): void => o.engine.interrupt()
  o.signal?.addEventListener('abort', onAbort)
  const staged: string[] = []
  const maskedColumns: BundleManifest['masked_columns'] = []
  const parts: DataPart[] = []
  const totalRows = tables.reduce((s, t) => s + t.rows, 0) || 1
  let doneRows = 0
  try {
    for (const t of tables) {
      if (o.signal?.aborted) throw new ApiError('cancelled', 'cancelled')
      step(`writing ${t.table} as Parquet`, 0.05 + 0.75 * (doneRows / totalRows))
      const kept = t.columns.filter((c) => !drop.has(key({ table: t.table, column: c.name })))
      const masked = kept.filter((c) => mask.has(key({ table: t.table, column: c.name })))
      for (const c of masked) if (c.type !== 'VARCHAR') throw new ApiError('invalid_request', `${t.table}.${c.name} is not a text column and cannot be masked`)
      let rel: MaskedRelation | null = null
      if (masked.length) {
        rel = await masker.prepare(o.engine, { table: t.table, columns: masked.map((c) => c.name), signal: o.signal })
        for (const c of masked) maskedColumns.push({ table: t.table, column: c.name, method: rel.methods[c.name] ?? masker.kind })
      }
      // Types outside the plain set (the rejects' ENUMs) travel as text.
      const columns = kept.map((c) => (BUNDLE_COLUMN_TYPE.test(c.type) ? c : { name: c.name, type: 'VARCHAR' }))
      const select = kept.map((c) => (BUNDLE_COLUMN_TYPE.test(c.type) ? ident(c.name) : `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`)).join(', ')
      const file = path.join(o.stagingDir, `${t.table}-${randomBytes(8).toString('hex')}.parquet`)
      staged.push(file)
      try {
        await o.engine.run(`COPY (SELECT ${select} FROM ${ident(rel?.relation ?? t.table)}) TO ${literal(file)} (${PARQUET_OPTIONS})`)
      } finally {
        await rel?.dispose().catch(() => undefined)
      }
      const bytes = fs.statSync(file).size
      parts.push({ table: t.table, rows: t.rows, columns, bytes, open: async () => fs.createReadStream(file) })
      doneRows += t.rows
    }
    if (o.signal?.aborted) throw new ApiError('cancelled', 'cancelled')
    step('writing the bundle file', 0.8)
    const inputs = Object.values(o.report.tables).map((t) => ({ table: t!.table, file: t!.file, sha256: t!.sha256, rows: t!.rows, bytes: t!.bytes }))
    const written = await assemble({
      target: o.file,
      workspaceJson: o.workspaceJson,
      reportJson: JSON.stringify(pristineReport(o.report)),
      annotationsJsonl: o.annotationsJsonl,
      parts,
      manifest: {
        inputs,
        report_knobs: { ...o.reportKnobs },
        dropped_columns: (o.drop ?? []).map((r) => ({ table: r.table, column: r.column })),
        masked_columns: maskedColumns
      },
      onProgress: (f) => step('writing the bundle file', 0.8 + 0.19 * f),
      forceZip64: o.forceZip64
    })
    step('done', 1)
    return { path: path.resolve(o.file), ...written, tables: Object.fromEntries(tables.map((t) => [t.table, t.rows])) }
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    for (const f of staged) fs.rmSync(f, { force: true })
  }
}

/**
 * Writes a new workspace (and annotations) into an existing bundle: the data entries are copied
 * byte for byte from the old file (checked against its manifest), then the file is replaced atomically.
 */
export async function rewriteBundleWorkspace(archive: BundleArchive, manifest: BundleManifest, target: string, workspaceJson: string, annotationsJsonl: string): Promise<{ bytes: number; sha256: string }> {
  const shaOf = new Map(manifest.entries.map((e) => [e.name, e.sha256]))
  const reportSha = shaOf.get(ENTRY.report)
  if (!reportSha) throw new ApiError('load_failed', `${archive.label}: its manifest lists no report`)
  const reportJson = await archive.readText(ENTRY.report, 64 << 20, reportSha)
  const parts: DataPart[] = manifest.tables.map((t) => {
    const entry = archive.entries.get(t.entry)
    if (!entry) throw new ApiError('load_failed', `${archive.label}: entry ${t.entry} is missing`)
    return {
      table: t.name,
      rows: t.rows,
      columns: t.columns,
      bytes: entry.uncompressedSize,
      expectSha256: shaOf.get(t.entry),
      open: () => openEntryStream(archive, t.entry)
    }
  })
  return assemble({ target, workspaceJson, reportJson, annotationsJsonl, parts, manifest })
}

/** A read stream of one entry (for copying into a new bundle; its SHA-256 is checked on the way). */
async function openEntryStream(archive: BundleArchive, name: string): Promise<Readable> {
  return (await archive.openRaw(name)) as Readable
}
