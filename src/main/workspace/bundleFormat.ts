/**
 * The bundle file format: a ZIP whose first entry names it (so any file name is recognised by its
 * first bytes), a manifest with every other entry's SHA-256 and size, the workspace, the integrity
 * report, the annotations as JSONL, and one zstd Parquet file per table (stored, not deflated).
 */
import fs from 'node:fs'
import { z } from 'zod'

export const BUNDLE_FORMAT = 'telemetry-workbench-bundle'
export const BUNDLE_VERSION = 1
/** Content of the first entry, `mimetype`, stored uncompressed (as ODF and EPUB do). */
export const BUNDLE_MIMETYPE = 'application/vnd.telemetry-workbench.bundle+zip'
export const BUNDLE_EXTENSION = '.twbundle'

export const ENTRY = {
  mimetype: 'mimetype',
  manifest: 'manifest.json',
  workspace: 'workspace.json',
  report: 'report.json',
  annotations: 'annotations.jsonl'
} as const

/** Table names a bundle may carry: the five telemetry tables and the CSV reader's rejects. */
export const BUNDLE_TABLE_NAME = /^(interactions|sessions|users|prompts|samples|rejects_(interactions|sessions|users|prompts|samples)_errors)$/
export const dataEntryName = (table: string): string => `data/${table}.parquet`
export const DATA_ENTRY_NAME = /^data\/[a-z_]{1,60}\.parquet$/

/** Column types a bundle may declare: plain DuckDB types only (they are written into CREATE TABLE). */
export const BUNDLE_COLUMN_TYPE = /^(VARCHAR|BOOLEAN|DOUBLE|FLOAT|REAL|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE|INTERVAL|BLOB|DECIMAL\(\d{1,2},\d{1,2}\))$/

/** Size limits of the entries read into memory (the data entries are bounded by the file's size: they must be stored). */
export const LIMITS = {
  manifest: 16 << 20,
  workspace: 1 << 30,
  report: 64 << 20,
  annotations: 1 << 30,
  mimetype: 256,
  entries: 64
} as const

const Sha = z.string().regex(/^[0-9a-f]{64}$/)

export const ManifestSchema = z.looseObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.number().int().min(1),
  created: z.string().max(40),
  app_version: z.string().max(100),
  /** every entry but `mimetype` and the manifest itself */
  entries: z.array(z.object({ name: z.string().max(200), sha256: Sha, bytes: z.number().int().min(0) })).max(LIMITS.entries),
  tables: z
    .array(
      z.object({
        name: z.string().regex(BUNDLE_TABLE_NAME),
        entry: z.string().regex(DATA_ENTRY_NAME),
        rows: z.number().int().min(0),
        columns: z.array(z.object({ name: z.string().min(1).max(500), type: z.string().regex(BUNDLE_COLUMN_TYPE) })).min(1).max(5000)
      })
    )
    .min(1)
    .max(20),
  /** the integrity report's inputs: the CSVs the data came from */
  inputs: z.array(z.object({ table: z.string().max(40), file: z.string().max(1000), sha256: z.string().max(128), rows: z.number(), bytes: z.number() })).max(20),
  /** knobs the stored report was computed under (windows and missing-rate gates depend on some) */
  report_knobs: z.record(z.string(), z.unknown()),
  dropped_columns: z.array(z.object({ table: z.string(), column: z.string() })).default([]),
  masked_columns: z.array(z.object({ table: z.string(), column: z.string(), method: z.string() })).default([])
})
export type BundleManifest = z.infer<typeof ManifestSchema>

/** The local file header of a bundle's first entry: "PK\3\4", 26 bytes of fields, then the name `mimetype`. */
export function looksLikeBundleHead(head: Buffer): boolean {
  if (head.length < 30 + 8 || head.readUInt32LE(0) !== 0x04034b50) return false
  const nameLen = head.readUInt16LE(26)
  return nameLen === 8 && head.subarray(30, 38).toString('latin1') === ENTRY.mimetype
}

/** True for a ZIP file of any kind (to tell a damaged bundle from a CSV). */
export function looksLikeZipHead(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50
}

/** The first bytes of a file (fewer when it is shorter). */
export function readHead(file: string, n = 64): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(n)
    const got = fs.readSync(fd, buf, 0, n, 0)
    return buf.subarray(0, got)
  } finally {
    fs.closeSync(fd)
  }
}
