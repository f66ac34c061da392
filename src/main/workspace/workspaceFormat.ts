/** Reading and writing the workspace document: recognise it, migrate older versions, open newer ones read-only, keep unknown fields. */
import { WORKSPACE_FORMAT, WORKSPACE_VERSION, WorkspaceDocSchema, type WorkspaceDoc } from '../../shared/workspace'
import { ApiError } from '../backend/errors'
import { migrate } from './migrations'

export interface ParsedWorkspace {
  doc: WorkspaceDoc
  /** set when the file is of a newer format version: the reason Save to it is refused */
  readOnly: string | null
  /** the version the file was written in */
  fileVersion: number
  /** migration steps applied, in order */
  migrated: string[]
}

/** True when the text looks like a workspace document (a JSON object naming our format near its start). */
export function looksLikeWorkspace(head: string): boolean {
  return /^\s*\{/.test(head) && head.includes(WORKSPACE_FORMAT)
}

/** Parses a workspace file's text; `label` names the file in every message. */
export function parseWorkspace(text: string, label: string): ParsedWorkspace {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new ApiError('load_failed', `${label}: not a workspace file (not valid JSON: ${(err as Error).message})`)
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || (raw as { format?: unknown }).format !== WORKSPACE_FORMAT) {
    throw new ApiError('load_failed', `${label}: not a Telemetry Workbench workspace (no "format": "${WORKSPACE_FORMAT}")`)
  }
  const obj = raw as Record<string, unknown>
  const version = obj.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ApiError('load_failed', `${label}: the workspace has no valid "version" (a whole number from 1)`)
  }
  let readOnly: string | null = null
  let migrated: string[] = []
  let current = obj
  if (version > WORKSPACE_VERSION) {
    readOnly = `${label} was saved by a newer Telemetry Workbench (workspace format ${version}; this version reads up to ${WORKSPACE_VERSION}). It is open read-only: Save would lose what the newer version added, so use Save As to keep a copy in this format.`
  } else if (version < WORKSPACE_VERSION) {
    try {
      const m = migrate(obj, WORKSPACE_VERSION)
      current = m.doc
      migrated = m.steps
    } catch (err) {
      throw new ApiError('load_failed', `${label}: cannot upgrade workspace format ${version}: ${(err as Error).message}`)
    }
  }
  const parsed = WorkspaceDocSchema.safeParse(current)
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
    throw new ApiError('load_failed', `${label}: the workspace is damaged or not in the expected shape (${details.length} problem${details.length === 1 ? '' : 's'}; first: ${details[0]})`, details)
  }
  return { doc: parsed.data, readOnly, fileVersion: version, migrated }
}

/** The document as saved: the current format and version, pretty-printed, with fields this version does not know kept. */
export function serialiseWorkspace(doc: WorkspaceDoc, meta: { savedAt: string; appVersion: string }): string {
  const out = { ...doc, format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION, saved_at: meta.savedAt, app_version: meta.appVersion }
  return JSON.stringify(out, null, 1) + '\n'
}
