/**
 * Opens bundles: checks the archive and its manifest, parses the workspace and the stored integrity
 * report, and loads each table's Parquet into an empty engine with the declared column types.
 * A damaged bundle is an error naming the file and the entry.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { ApiError } from '../backend/errors'
import { ident } from '../ingest/sql'
import { openBundleArchive, bundleError, type BundleArchive } from './bundleArchive'
import { BUNDLE_MIMETYPE, BUNDLE_VERSION, ENTRY, LIMITS, ManifestSchema, looksLikeBundleHead, looksLikeZipHead, readHead, type BundleManifest } from './bundleFormat'
import { parseWorkspace, type ParsedWorkspace } from './workspaceFormat'

/** The fields of a stored integrity report the app relies on (the rest is kept as written). */
const StoredReportSchema = z.looseObject({
  tables: z.record(z.string(), z.looseObject({ table: z.string(), file: z.string(), rows: z.number(), sha256: z.string(), source_columns: z.array(z.string()) })),
  tables_absent: z.array(z.string()),
  gates: z.array(z.looseObject({ gate: z.string(), status: z.enum(['pass', 'fail', 'skipped']), offending_count: z.number(), examples: z.array(z.string()) })),
  gates_failed: z.array(z.string()),
  gates_overridden: z.array(z.string()),
  blocked: z.boolean(),
  windows: z.looseObject({ windowing_method: z.string().nullable() }),
  problems: z.array(z.looseObject({ file: z.string(), message: z.string() })),
  normalisation_notes: z.looseObject({})
})

export interface BundleContents {
  manifest: BundleManifest
  workspace: ParsedWorkspace
  report: IntegrityReport
}

/** True when the file starts like a bundle (its first entry is `mimetype`). */
export function isBundleFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile() && looksLikeBundleHead(readHead(file))
  } catch {
    return false
  }
}

/** Opens the archive and reads everything but the data; the caller closes the archive. */
export async function openBundle(file: string): Promise<{ archive: BundleArchive; contents: BundleContents }> {
  const label = path.basename(file)
  let head: Buffer
  try {
    head = readHead(file)
  } catch (err) {
    throw new ApiError('load_failed', `${label}: cannot be read (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message})`)
  }
  if (!looksLikeBundleHead(head)) {
    throw bundleError(label, looksLikeZipHead(head) ? 'a ZIP file whose first entry is not the bundle marker' : 'not a ZIP file')
  }
  const archive = await openBundleArchive(file, label)
  try {
    const mime = await archive.readText(ENTRY.mimetype, LIMITS.mimetype)
    if (mime !== BUNDLE_MIMETYPE) throw bundleError(label, 'the bundle marker is wrong')
    let manifestRaw: unknown
    try {
      manifestRaw = JSON.parse(await archive.readText(ENTRY.manifest, LIMITS.manifest))
    } catch (err) {
      if (err instanceof ApiError) throw err
      throw bundleError(label, 'manifest.json is not JSON')
    }
    const version = (manifestRaw as { version?: unknown } | null)?.version
    if (typeof version === 'number' && version > BUNDLE_VERSION) {
      throw new ApiError('load_failed', `${label} was written by a newer Telemetry Workbench (bundle format ${version}; this version reads up to ${BUNDLE_VERSION})`)
    }
    const parsed = ManifestSchema.safeParse(manifestRaw)
    if (!parsed.success) throw bundleError(label, `manifest.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ')}`)
    const manifest = parsed.data
    // The manifest and the archive must list the same entries, with the same sizes.
    const listed = new Map(manifest.entries.map((e) => [e.name, e]))
    for (const e of manifest.entries) {
      const entry = archive.entries.get(e.name)
      if (!entry) throw bundleError(label, `entry ${e.name} is missing`)
      if (entry.uncompressedSize !== e.bytes) throw bundleError(label, `entry ${e.name} holds ${entry.uncompressedSize} bytes, the manifest says ${e.bytes}`)
    }
    for (const name of archive.entries.keys()) {
      if (name !== ENTRY.mimetype && name !== ENTRY.manifest && !listed.has(name)) throw bundleError(label, `entry ${name} is not in the manifest`)
    }
    for (const t of manifest.tables) if (!listed.has(t.entry)) throw bundleError(label, `table ${t.name}'s entry ${t.entry} is not in the manifest`)
    if (!manifest.tables.some((t) => t.name === 'interactions')) throw bundleError(label, 'it holds no interactions table')
    const sha = (name: string): string => {
      const e = listed.get(name)
      if (!e) throw bundleError(label, `${name} is missing`)
      return e.sha256
    }
    const workspace = parseWorkspace(await archive.readText(ENTRY.workspace, LIMITS.workspace, sha(ENTRY.workspace)), `${label} (workspace.json)`)
    let reportRaw: unknown
    try {
      reportRaw = JSON.parse(await archive.readText(ENTRY.report, LIMITS.report, sha(ENTRY.report)))
    } catch (err) {
      if (err instanceof ApiError) throw err
      throw bundleError(label, 'report.json is not JSON')
    }
    const report = StoredReportSchema.safeParse(reportRaw)
    if (!report.success) throw bundleError(label, `report.json: ${report.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ')}`)
    // The annotations travel inside workspace.json too; their JSONL copy (for other tools) is checked, not read.
    if (listed.has(ENTRY.annotations)) await archive.readText(ENTRY.annotations, LIMITS.annotations, sha(ENTRY.annotations))
    // The report as written (validation only): its key order is what the artifacts print.
    return { archive, contents: { manifest, workspace, report: reportRaw as IntegrityReport } }
  } catch (err) {
    archive.close()
    throw err
  }
}

/** Free bytes in a folder's file system (Infinity where unknown). */
function freeBytes(dir: string): number {
  try {
    const s = fs.statfsSync(dir)
    return s.bavail * s.bsize
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/**
 * Loads a bundle's tables into an empty engine: each Parquet entry is extracted (checked against
 * the manifest's SHA-256) into a private temp folder, read by DuckDB with the declared column
 * names and types, counted, and deleted.
 */
export async function loadBundle(engine: Engine, file: string, opts: { tempDir?: string; signal?: AbortSignal; onProgress?: (phase: string, fraction: number) => void } = {}): Promise<BundleContents> {
  const label = path.basename(file)
  if (engine.kind !== 'native') {
    throw new ApiError('load_failed', `${label}: opening a bundle needs the native DuckDB engine (duckdb-wasm has no Parquet reader offline); open the original CSVs instead`)
  }
  opts.onProgress?.('checking the bundle', 0.02)
  const { archive, contents } = await openBundle(file)
  const base = opts.tempDir ?? os.tmpdir()
  const dataBytes = contents.manifest.tables.reduce((s, t) => s + (archive.entries.get(t.entry)?.uncompressedSize ?? 0), 0)
  if (dataBytes + (64 << 20) > freeBytes(base)) {
    archive.close()
    throw new ApiError('load_failed', `${label}: not enough free disk space in ${base} to unpack its ${Math.ceil(dataBytes / 1e6)} MB of data`)
  }
  const dir = fs.mkdtempSync(path.join(base, 'twb-open-'))
  const sha = new Map(contents.manifest.entries.map((e) => [e.name, e.sha256]))
  let done = 0
  try {
    for (const t of contents.manifest.tables) {
      if (opts.signal?.aborted) throw new ApiError('cancelled', 'cancelled')
      opts.onProgress?.(`reading ${t.name}`, 0.05 + 0.9 * (done / Math.max(1, dataBytes)))
      const dest = path.join(dir, `${t.name}.parquet`)
      done += await archive.extract(t.entry, dest, sha.get(t.entry)!)
      const described = await engine.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))`, [dest]).catch((err: unknown) => {
        throw bundleError(label, `${t.entry} is not readable Parquet: ${(err as Error).message.split('\n')[0]}`)
      })
      const names = described.map((d) => d.column_name)
      if (names.length !== t.columns.length || names.some((n, i) => n !== t.columns[i].name)) throw bundleError(label, `${t.entry}'s columns differ from the manifest's`)
      const select = t.columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ')
      await engine.run(`CREATE OR REPLACE TABLE ${ident(t.name)} AS SELECT ${select} FROM read_parquet(?)`, [dest])
      const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(t.name)}`)
      if (n !== t.rows) throw bundleError(label, `table ${t.name} holds ${n} rows, the manifest says ${t.rows}`)
      fs.rmSync(dest, { force: true })
    }
  } finally {
    archive.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  opts.onProgress?.('done', 1)
  return contents
}
