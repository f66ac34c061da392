/**
 * The workspace document (format version WORKSPACE_VERSION): data sources, knobs, filters, views,
 * annotations, policy versions and notes, as saved to a `.twb.json` file or inside a bundle.
 * Every record is a loose object, so fields a newer version adds survive a save by this one.
 */
import { z } from 'zod'
import { AnnotationSchema } from './annotations'
import { PolicyVersionSchema } from './policyHistory'

export const WORKSPACE_FORMAT = 'telemetry-workbench-workspace'
/** The version this app writes; older files are migrated forward, newer ones open read-only. */
export const WORKSPACE_VERSION = 3
/** Suggested file name ending (any name opens: files are recognised by content). */
export const WORKSPACE_EXTENSION = '.twb.json'

/** One input file of the workspace: where it was, and what it was (so a moved or changed file is noticed). */
export const WorkspaceSourceSchema = z.looseObject({
  /** 'csv': a telemetry table file; 'bundle': a bundle holding the data */
  kind: z.enum(['csv', 'bundle']).default('csv'),
  /** the table it holds (csv) */
  table: z.string().max(40).nullable().default(null),
  /** its file name */
  file: z.string().min(1).max(1000),
  /** relative to the workspace file's folder, '/'-separated; null when on another drive */
  relative_path: z.string().max(4096).nullable().default(null),
  absolute_path: z.string().max(4096),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** null when unknown (files of format version 1) */
  bytes: z.number().int().min(0).nullable(),
  /** data rows (for a bundle: its interactions rows) */
  rows: z.number().int().min(0),
  /** the header as written (csv), for the column signature */
  columns: z.array(z.string().max(1000)).max(5000).default([])
})
export type WorkspaceSource = z.infer<typeof WorkspaceSourceSchema>

const DayRange = z.object({ from: z.string().max(10), to: z.string().max(10) })

/** A named place to come back to: a page, its filters and its panel settings. */
export const SavedViewSchema = z.looseObject({
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  page: z.string().min(1).max(60),
  filters: z.record(z.string(), z.unknown()).default({}),
  params: z.record(z.string(), z.string().max(10_000)).default({}),
  created: z.string().max(40)
})
export type SavedView = z.infer<typeof SavedViewSchema>

/** What the operator sees and chose in the UI (the renderer owns it; the backend stores it as given, validated). */
export const WorkspaceUiSchema = z.looseObject({
  /** the page open at save time */
  page: z.string().max(60).default('overview'),
  /** the global filters (a Scope; validated again when applied) */
  filters: z.record(z.string(), z.unknown()).default({}),
  /** each page's own settings (its URL parameters) the last time it was shown */
  page_params: z.record(z.string(), z.record(z.string(), z.string().max(10_000))).default({}),
  saved_views: z.array(SavedViewSchema).max(1000).default([]),
  /** the Drift page's two date ranges */
  drift_date_ranges: z.object({ reference: DayRange, current: DayRange }).nullable().default(null),
  /** the Clusters page's settings (K, strategy, colour, ...), kept as that page gives them */
  cluster_settings: z.record(z.string(), z.unknown()).nullable().default(null),
  /** the review threshold the operator chose on the Triage page, when not the model's */
  triage_threshold: z.number().min(0).max(1).nullable().default(null),
  notes: z.string().max(1_000_000).default('')
})
export type WorkspaceUi = z.infer<typeof WorkspaceUiSchema>
export type WorkspaceUiInput = z.input<typeof WorkspaceUiSchema>

/** The whole document at the current version. */
export const WorkspaceDocSchema = z.looseObject({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.number().int().min(1),
  saved_at: z.string().max(40).optional(),
  app_version: z.string().max(100).optional(),
  /** the data came from the bundled demo folder (sources then hold no paths to find) */
  demo: z.boolean().default(false),
  sources: z.array(WorkspaceSourceSchema).max(50).default([]),
  knobs: z.record(z.string(), z.unknown()).default({}),
  gate_overrides: z.array(z.string().max(200)).max(50).default([]),
  /** the operator's price table (economics.ts PriceTable); checked when applied, so one of a newer format does not stop the open */
  price_table: z.unknown().default(null),
  /** the privacy settings and pseudonym key (pii.ts PiiWorkspaceState); a bundle carries the settings without the key */
  privacy: z.unknown().default(null),
  ui: WorkspaceUiSchema.default(WorkspaceUiSchema.parse({})),
  annotations: z.array(AnnotationSchema).default([]),
  policy_versions: z.array(PolicyVersionSchema).max(10_000).default([])
})
export type WorkspaceDoc = z.infer<typeof WorkspaceDocSchema>

/** A warning about one source found on open (moved, changed, missing). */
export interface SourceWarning {
  file: string
  table: string | null
  kind: 'relinked' | 'changed' | 'missing'
  message: string
  old_rows?: number
  new_rows?: number
}

/** The workspace as the renderer sees it: where it lives, whether it has unsaved changes, what it holds. */
export interface WorkspaceState {
  /** the file it was opened from / saved to; null for an untitled workspace */
  path: string | null
  /** the file name shown in the title ("Untitled" when none) */
  name: string
  /** 'json' for a workspace file, 'bundle' when the data lives in the file too */
  fileKind: 'json' | 'bundle' | null
  /** unsaved changes since the last save or open */
  dirty: boolean
  /** opened from a newer format version: Save to the same file is refused, with this reason */
  readOnly: string | null
  /** problems found with the sources on open, shown until the next open */
  warnings: SourceWarning[]
  ui: WorkspaceUi
  sources: WorkspaceSource[]
  annotationCount: number
  policyVersionCount: number
  /** the OS user, or the name the operator set, written into new annotations */
  author: string
  /** changes every time the workspace changes (the renderer refetches what depends on it) */
  revision: number
  /** changes when another workspace is opened, created or restored: the renderer then takes its UI state (page, filters) */
  session: number
}

/** A recently opened workspace or bundle. */
export interface RecentFile {
  path: string
  name: string
  openedAt: string
  exists: boolean
}

/** An autosaved session of a process that ended without saving or discarding it. */
export interface RecoveryInfo {
  id: string
  /** the workspace it belonged to, or null for an untitled one */
  path: string | null
  name: string
  savedAt: string
  annotationCount: number
}
