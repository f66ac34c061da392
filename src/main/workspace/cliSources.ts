/** What the CLI's common flags name as data: `--data` (folders, CSVs or a bundle) and `--workspace` (its sources, knobs and overrides). */
import fs from 'node:fs'
import path from 'node:path'
import type { WorkspaceDoc } from '../../shared/workspace'
import { ApiError } from '../backend/errors'
import { classifyPath } from './openDataSources'
import { resolveSources } from './relink'
import { parseWorkspace } from './workspaceFormat'

export interface CliSources {
  /** what to open: folders and CSVs, or one bundle */
  sources: string[]
  workspace: { path: string; doc: WorkspaceDoc } | null
  /** things the operator should know (a relinked source), printed on stderr */
  notes: string[]
}

/** Reads and parses a workspace file; errors name the file. */
export function readWorkspaceFile(file: string): { path: string; doc: WorkspaceDoc; readOnly: string | null } {
  const abs = path.resolve(file)
  let text: string
  try {
    text = fs.readFileSync(abs, 'utf8')
  } catch (err) {
    throw new ApiError('load_failed', `${file}: cannot be read (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message})`)
  }
  const parsed = parseWorkspace(text, path.basename(abs))
  return { path: abs, doc: parsed.doc, readOnly: parsed.readOnly }
}

/** Settles the sources: --data wins over the workspace's sources; a workspace named by --data is read as --workspace. */
export async function openCliSources(o: { data: string[] | null; workspace: string | null; demo: string }): Promise<CliSources> {
  let workspaceFile = o.workspace
  let data = o.data
  if (!workspaceFile && data && data.length === 1 && classifyPath(data[0]) === 'workspace') {
    workspaceFile = data[0]
    data = null
  }
  if (!workspaceFile) return { sources: data ?? [o.demo], workspace: null, notes: [] }
  const ws = readWorkspaceFile(workspaceFile)
  const notes: string[] = []
  if (ws.readOnly) notes.push(ws.readOnly)
  if (data) return { sources: data, workspace: ws, notes }
  if (ws.doc.demo) return { sources: [o.demo], workspace: ws, notes }
  if (ws.doc.sources.length === 0) throw new ApiError('load_failed', `${workspaceFile}: the workspace names no data sources; give --data`)
  const { resolved, missing } = await resolveSources(ws.doc.sources, ws.path)
  if (missing.length) {
    throw new ApiError(
      'load_failed',
      `${workspaceFile}: ${missing.length} source(s) not found: ${missing.map((m) => m.file).join(', ')} (give --data, or move the files back)`,
      missing.map((m) => `${m.file}: looked in ${m.looked.join(', ')}`)
    )
  }
  for (const r of resolved) if (r.foundBy === 'folder') notes.push(`${r.source.file}: found beside the workspace file (${r.path})`)
  return { sources: resolved.map((r) => r.path), workspace: ws, notes }
}
