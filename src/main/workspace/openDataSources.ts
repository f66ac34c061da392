/**
 * The one way data is opened, by the app and every CLI command: a bundle file (recognised by its
 * content, whatever its name) or CSV files and folders. A bundle gives the same tables and report
 * as its CSVs did; the knobs are settled once its embedded workspace is known.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Knobs } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { ApiError } from '../backend/errors'
import { ingestFiles, LOAD_KNOBS, refreshReportForKnobs, type IngestOptions } from '../ingest/ingest'
import { loadBundle, isBundleFile, type BundleContents } from './bundleReader'
import { looksLikeZipHead, readHead } from './bundleFormat'
import { looksLikeWorkspace } from './workspaceFormat'

export type PathKind = 'bundle' | 'workspace' | 'data'

/** What a path holds, by content: a bundle, a workspace file, or data (a folder, CSVs, anything else the ingest judges). */
export function classifyPath(p: string): PathKind {
  let st: fs.Stats
  try {
    st = fs.statSync(p)
  } catch {
    return 'data'
  }
  if (!st.isFile()) return 'data'
  if (isBundleFile(p)) return 'bundle'
  try {
    const head = readHead(p, 4096)
    if (looksLikeZipHead(head)) return 'bundle' // a damaged or foreign ZIP: the bundle reader names the problem
    if (looksLikeWorkspace(head.toString('utf8'))) return 'workspace'
  } catch {
    return 'data'
  }
  return 'data'
}

export interface OpenedSources {
  report: IntegrityReport
  knobs: Knobs
  /** set when the data came from a bundle */
  bundle: (BundleContents & { file: string }) | null
}

export interface OpenSourcesOptions extends IngestOptions {
  /**
   * The knobs to use: called with null before CSVs are read, or with the knobs of a bundle's
   * workspace once it is open (a bundle's stored report is then judged again under them if needed).
   */
  resolveKnobs: (embedded: Record<string, unknown> | null) => Knobs
  /** where a bundle's Parquet is unpacked while it loads */
  tempDir?: string
}

/** Loads `paths` into an empty engine: one bundle, or CSV files and folders. */
export async function openDataSources(engine: Engine, paths: readonly string[], opts: OpenSourcesOptions): Promise<OpenedSources> {
  const kinds = paths.map(classifyPath)
  const w = kinds.indexOf('workspace')
  if (w >= 0) throw new ApiError('invalid_request', `${path.basename(paths[w])} is a workspace file, not data: open it as a workspace (CLI: --workspace)`)
  const b = kinds.indexOf('bundle')
  if (b < 0) {
    const knobs = opts.resolveKnobs(null)
    return { report: await ingestFiles(engine, paths, knobs, opts), knobs, bundle: null }
  }
  if (paths.length > 1) throw new ApiError('invalid_request', `${path.basename(paths[b])} is a bundle: it opens on its own, not together with other files`)
  const file = path.resolve(paths[0])
  const contents = await loadBundle(engine, file, {
    tempDir: opts.tempDir,
    signal: opts.signal,
    onProgress: (phase, fraction) => opts.onProgress?.({ phase, fraction })
  })
  const knobs = opts.resolveKnobs(contents.workspace.doc.knobs)
  let report = contents.report
  const stored = contents.manifest.report_knobs
  if (LOAD_KNOBS.some((k) => stored[k] !== knobs[k])) report = await refreshReportForKnobs(engine, report, knobs)
  return { report, knobs, bundle: { ...contents, file } }
}
