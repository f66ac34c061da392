/**
 * Finds a workspace's sources: by the path relative to the workspace file, the absolute path, the
 * workspace's own folder, then by SHA-256 in a folder the operator picks (a moved or renamed CSV
 * is relinked without fuss). After the load, a source whose content changed is reported with its
 * old and new row counts.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IntegrityReport } from '../../shared/types'
import type { SourceWarning, WorkspaceSource } from '../../shared/workspace'
import type { MissingSource } from '../../shared/workspaceApi'
import { sha256File } from '../ingest/ingest'

export type FoundBy = 'relative' | 'absolute' | 'folder' | 'hash'

export interface ResolvedSource {
  source: WorkspaceSource
  path: string
  foundBy: FoundBy
}

/** Folders below the search folder that are looked into, and files hashed at most. */
const SEARCH_DEPTH = 4
const SEARCH_MAX_FILES = 20_000

function isFile(p: string): { ok: boolean; size: number } {
  try {
    const st = fs.statSync(p)
    return { ok: st.isFile(), size: st.size }
  } catch {
    return { ok: false, size: -1 }
  }
}

/** The places a source is looked for, in order, without the hash search. */
export function candidatePaths(source: WorkspaceSource, workspaceFile: string | null): { path: string; foundBy: FoundBy }[] {
  const out: { path: string; foundBy: FoundBy }[] = []
  const dir = workspaceFile ? path.dirname(path.resolve(workspaceFile)) : null
  if (dir && source.relative_path) out.push({ path: path.resolve(dir, ...source.relative_path.split('/')), foundBy: 'relative' })
  if (source.absolute_path && path.isAbsolute(source.absolute_path)) out.push({ path: source.absolute_path, foundBy: 'absolute' })
  if (dir) out.push({ path: path.join(dir, source.file), foundBy: 'folder' })
  const seen = new Set<string>()
  return out.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)))
}

/** Files under `folder` (a few levels deep) whose size is one of `sizes` (any size when `sizes` is null). */
function filesBySize(folder: string, sizes: Set<number> | null): string[] {
  const out: string[] = []
  let seen = 0
  const walk = (dir: string, depth: number): void => {
    let names: fs.Dirent[]
    try {
      names = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const d of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (seen++ > SEARCH_MAX_FILES) return
      const p = path.join(dir, d.name)
      if (d.isDirectory() && depth < SEARCH_DEPTH && !d.name.startsWith('.')) walk(p, depth + 1)
      else if (d.isFile() && (sizes === null || sizes.has(isFile(p).size))) out.push(p)
    }
  }
  walk(folder, 0)
  return out
}

/**
 * Resolves every source. Among the usual places the first file of the recorded size wins (the load
 * checks its hash); if none has that size, the first that exists. Sources found nowhere are looked
 * for by SHA-256 under `searchFolder`, and are otherwise returned as missing.
 */
export async function resolveSources(sources: readonly WorkspaceSource[], workspaceFile: string | null, searchFolder?: string): Promise<{ resolved: ResolvedSource[]; missing: MissingSource[] }> {
  const resolved: ResolvedSource[] = []
  const unresolved: { source: WorkspaceSource; looked: string[] }[] = []
  for (const source of sources) {
    const candidates = candidatePaths(source, workspaceFile)
    const existing = candidates.filter((c) => isFile(c.path).ok)
    const sameSize = existing.find((c) => source.bytes === null || isFile(c.path).size === source.bytes)
    const pick = sameSize ?? existing[0]
    if (pick) resolved.push({ source, path: pick.path, foundBy: pick.foundBy })
    else unresolved.push({ source, looked: candidates.map((c) => c.path) })
  }
  const missing: MissingSource[] = []
  if (unresolved.length && searchFolder) {
    const sizes = unresolved.some((u) => u.source.bytes === null) ? null : new Set(unresolved.map((u) => u.source.bytes as number))
    const files = filesBySize(path.resolve(searchFolder), sizes)
    const hashes = new Map<string, string>()
    for (const u of unresolved) {
      let found: string | undefined
      for (const f of files) {
        if (u.source.bytes !== null && isFile(f).size !== u.source.bytes) continue
        let h = hashes.get(f)
        if (h === undefined) {
          h = await sha256File(f).catch(() => '')
          hashes.set(f, h)
        }
        if (h === u.source.sha256) {
          found = f
          break
        }
      }
      if (found) resolved.push({ source: u.source, path: found, foundBy: 'hash' })
      else missing.push({ file: u.source.file, table: u.source.table, sha256: u.source.sha256, looked: [...u.looked, `${path.resolve(searchFolder)} (by SHA-256, ${files.length} file(s) of a matching size)`] })
    }
  } else {
    for (const u of unresolved) missing.push({ file: u.source.file, table: u.source.table, sha256: u.source.sha256, looked: u.looked })
  }
  // Keep the workspace's order of sources.
  resolved.sort((a, b) => sources.indexOf(a.source) - sources.indexOf(b.source))
  return { resolved, missing }
}

/** Warnings after the load: sources found elsewhere (relinked) and sources whose content changed (old vs new rows). */
export function sourceWarnings(resolved: readonly ResolvedSource[], report: IntegrityReport, bundleSha?: (file: string) => string | undefined): SourceWarning[] {
  const out: SourceWarning[] = []
  for (const r of resolved) {
    const s = r.source
    if (r.foundBy !== 'relative' && r.foundBy !== 'absolute') {
      out.push({ file: s.file, table: s.table, kind: 'relinked', message: `${s.file} was not where the workspace said; using ${r.path}${r.foundBy === 'hash' ? ' (same SHA-256)' : ''}` })
    }
    let nowSha: string | undefined
    let nowRows: number | undefined
    if (s.kind === 'bundle') {
      nowSha = bundleSha?.(r.path)
      nowRows = report.tables.interactions?.rows
    } else {
      const t = Object.values(report.tables).find((x) => x && path.resolve(x.path) === path.resolve(r.path))
      nowSha = t?.sha256
      nowRows = t?.rows
    }
    if (nowSha !== undefined && nowSha !== s.sha256) {
      out.push({
        file: s.file,
        table: s.table,
        kind: 'changed',
        message: `${s.file} changed since the workspace was saved (SHA-256 differs): ${s.rows} rows then, ${nowRows ?? 'unknown'} now; numbers, annotations and policy versions may not match`,
        old_rows: s.rows,
        new_rows: nowRows
      })
    }
  }
  return out
}

/** The workspace's sources for the data of a report (CSV files), paths relative to `workspaceFile`'s folder. */
export function sourcesFromReport(report: IntegrityReport, workspaceFile: string | null): WorkspaceSource[] {
  return Object.values(report.tables)
    .filter((t): t is NonNullable<typeof t> => !!t)
    .map((t) => ({
      kind: 'csv' as const,
      table: t.table,
      file: t.file,
      relative_path: relativeTo(workspaceFile, t.path),
      absolute_path: path.resolve(t.path),
      sha256: t.sha256,
      bytes: t.bytes,
      rows: t.rows,
      columns: [...t.source_columns]
    }))
}

/** `file` relative to the folder of `workspaceFile`, '/'-separated; null when there is no workspace file or no relative path (another drive). */
export function relativeTo(workspaceFile: string | null, file: string): string | null {
  if (!workspaceFile) return null
  const rel = path.relative(path.dirname(path.resolve(workspaceFile)), path.resolve(file))
  if (!rel || path.isAbsolute(rel)) return null
  return rel.split(path.sep).join('/')
}
