/**
 * The workspace part of the renderer-backend contract: workspace files, bundles, the report,
 * annotations and policy history. `WorkbenchApi` extends `WorkspaceApi`; the schemas join
 * API_REQUEST_SCHEMAS.
 */
import { z } from 'zod'
import { AnnotationEditSchema, ANNOTATION_STATUSES, type Annotation, type ReviewCounts } from './annotations'
import { type PolicyDiff, type PolicyVersion, type PolicyVersionSummary } from './policyHistory'
import { ScopeSchema } from './scope'
import type { DatasetSummary } from './types'
import { WorkspaceUiSchema, type RecentFile, type RecoveryInfo, type WorkspaceState } from './workspace'

const JobId = z.number().int().nonnegative()
const FilePath = z.string().min(1).max(4096)
const Empty = z.object({}).strict().default({})

/** What a native dialog is for (desktop); web mode types server-side paths instead. */
export const PICK_PURPOSES = ['open', 'save-workspace', 'export-bundle', 'export-report', 'relink-folder', 'import-annotations'] as const
export type PickPurpose = (typeof PICK_PURPOSES)[number]

export const PickPathRequestSchema = z.object({ purpose: z.enum(PICK_PURPOSES), defaultName: z.string().max(300).optional() }).strict()

export const OpenWorkspaceRequestSchema = z
  .object({
    jobId: JobId,
    /** a workspace file, a bundle, or data (a folder or CSV files) on the machine running the backend */
    path: FilePath.optional(),
    /** a workspace file's text (dropped on the web page): its sources are found by their absolute paths or by hash */
    content: z.string().max(64 * 1024 * 1024).optional(),
    /** the dropped file's name, for messages */
    name: z.string().max(300).optional(),
    /** a folder to search by SHA-256 for sources not found where the workspace says */
    searchFolder: FilePath.optional()
  })
  .strict()
  .refine((r) => (r.path === undefined) !== (r.content === undefined), { message: 'give a path or the content of a workspace file' })

export const SaveWorkspaceRequestSchema = z.object({ path: FilePath.optional() }).strict()
export const UpdateWorkspaceUiRequestSchema = z.object({ ui: WorkspaceUiSchema }).strict()
export const RecoveryRequestSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) }).strict()
export const RestoreRecoveryRequestSchema = z.object({ jobId: JobId, id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), searchFolder: FilePath.optional() }).strict()
export const SetAuthorRequestSchema = z.object({ author: z.string().trim().min(1).max(200) }).strict()

export const ColumnRefSchema = z.object({ table: z.string().min(1).max(100), column: z.string().min(1).max(500) }).strict()
export type ColumnRef = z.infer<typeof ColumnRefSchema>

export const ExportBundleRequestSchema = z
  .object({
    jobId: JobId,
    /** where to write it on the machine running the backend; omitted in web mode = a download */
    path: FilePath.optional(),
    /** columns left out of the bundle */
    drop: z.array(ColumnRefSchema).max(2000).default([]),
    /** text columns masked before they leave (the PII masker when available, else redaction) */
    mask: z.array(ColumnRefSchema).max(2000).default([])
  })
  .strict()

export const ExportReportRequestSchema = z.object({ jobId: JobId, scope: ScopeSchema.default({}), path: FilePath.optional() }).strict()

export const GetAnnotationsRequestSchema = z.object({ interaction_ids: z.array(z.string().min(1).max(500)).max(5000) }).strict()
export const SetAnnotationRequestSchema = z.object({ interaction_id: z.string().min(1).max(500), edit: AnnotationEditSchema }).strict()
export const DeleteAnnotationRequestSchema = z.object({ interaction_id: z.string().min(1).max(500) }).strict()

/** Most interactions one bulk annotation may touch. */
export const MAX_BULK_ANNOTATIONS = 1_000_000

export const AnnotateManyRequestSchema = z
  .object({
    /** every interaction in a scope (e.g. a cluster's members: {cluster: [...]}), or a list of ids (a selection) */
    target: z.union([z.object({ scope: ScopeSchema }).strict(), z.object({ interaction_ids: z.array(z.string().min(1).max(500)).min(1).max(100_000) }).strict()]),
    edit: z
      .object({
        status: z.enum(ANNOTATION_STATUSES),
        addLabels: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
        note: z.string().max(20_000).optional()
      })
      .strict(),
    /** refuse when the target holds more interactions than this (the UI confirms the count first) */
    maxRows: z.number().int().min(1).max(MAX_BULK_ANNOTATIONS).default(MAX_BULK_ANNOTATIONS)
  })
  .strict()

export const ListAnnotationsRequestSchema = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200),
    status: z.enum(ANNOTATION_STATUSES).optional(),
    /** only annotations of interactions in this scope (the global filters: a cluster, a lasso, ...); the counts too */
    scope: ScopeSchema.optional()
  })
  .strict()

export const ImportAnnotationsRequestSchema = z.object({ content: z.string().max(256 * 1024 * 1024), fileName: z.string().max(300).optional() }).strict()

export const PolicyVersionIdSchema = z.object({ id: z.string().min(1).max(200) }).strict()
export const RecordPolicyVersionRequestSchema = z
  .object({ kind: z.enum(['routing', 'triage_threshold']), scope: ScopeSchema.default({}), operatorThreshold: z.number().min(0).max(1).nullable().optional() })
  .strict()
export const DiffPolicyVersionsRequestSchema = z.object({ before: z.string().min(1).max(200), after: z.string().min(1).max(200) }).strict()

/** A source the workspace names that could not be found. */
export interface MissingSource {
  file: string
  table: string | null
  sha256: string
  /** every place looked at */
  looked: string[]
}

export type OpenWorkspaceResult =
  | { status: 'opened'; state: WorkspaceState; dataset: DatasetSummary }
  /** nothing was changed: pick a folder to search by hash and open again */
  | { status: 'needs_relink'; missing: MissingSource[]; message: string }

/** A column that would leave the machine in a bundle. */
export interface BundleColumn {
  name: string
  type: string
  /** free text (requests, responses, notes...): offered for dropping or masking */
  text: boolean
}

export interface BundlePlan {
  tables: { table: string; rows: number; columns: BundleColumn[] }[]
  /** what the mask option does in this build */
  masking: { kind: 'pii' | 'redact'; description: string }
  /** the workspace travels too: counts of what it holds */
  annotations: number
  policyVersions: number
}

export interface ExportBundleResult {
  /** the file written (for a download: its temporary server-side location) */
  path: string
  bytes: number
  sha256: string
  /** web mode: the URL path to download it from (same origin, token required) */
  download?: string
  /** rows written per table */
  tables: Record<string, number>
}

export interface AnnotationConflict {
  interaction_id: string
  /** line of the imported file */
  line: number
  ours: Annotation
  theirs: Annotation
  /** the newer by `updated` is kept (ours on a tie) */
  kept: 'ours' | 'theirs'
}

export interface AnnotationImportResult {
  /** non-empty lines read */
  lines: number
  added: number
  updated: number
  unchanged: number
  conflicts: AnnotationConflict[]
  invalid: { line: number; message: string }[]
  /** lines of other score names, by name */
  skipped: Record<string, number>
}

/** The triage queue's review progress and the precision reviewers found against the model's. */
export interface TriageReview {
  /** over the queue rows marked for review */
  review: ReviewCounts
  /** the model's precision at the chosen threshold on the evaluation window (tp / (tp + fp)) */
  expected_precision: number | null
  threshold: number
}

/** The workspace methods of the contract. */
export interface WorkspaceApi {
  /** The open workspace: file, unsaved changes, UI state, counts. */
  getWorkspace(req: Record<string, never>): Promise<WorkspaceState>
  /** A new untitled workspace over the demo data (progress under jobId); unsaved changes are the caller's to confirm. */
  newWorkspace(req: { jobId: number }): Promise<WorkspaceState>
  /** Opens a workspace file (by path or dropped content), a bundle, or data; sources are found by relative path, absolute path, the workspace's folder, then by hash in `searchFolder`. */
  openWorkspace(req: z.input<typeof OpenWorkspaceRequestSchema>): Promise<OpenWorkspaceResult>
  /** Saves to `path` (Save As) or to the current file; atomic, the previous version kept as `.bak`. */
  saveWorkspace(req: z.input<typeof SaveWorkspaceRequestSchema>): Promise<WorkspaceState>
  /** The renderer's part of the workspace (page, filters, views, notes...): marks it changed when it differs. */
  updateWorkspaceUi(req: z.input<typeof UpdateWorkspaceUiRequestSchema>): Promise<{ dirty: boolean; revision: number }>
  /** The workspace file as Save would write it, for a download (web mode). */
  getWorkspaceFile(req: Record<string, never>): Promise<{ name: string; content: string }>
  /** Recently opened workspaces and bundles, newest first. */
  listRecentFiles(req: Record<string, never>): Promise<RecentFile[]>
  /** Sessions autosaved by processes that ended without saving (a crash). */
  listRecoveries(req: Record<string, never>): Promise<RecoveryInfo[]>
  /** Restores an autosaved session (as unsaved changes of its workspace). */
  restoreRecovery(req: z.input<typeof RestoreRecoveryRequestSchema>): Promise<OpenWorkspaceResult>
  /** Deletes an autosaved session. */
  discardRecovery(req: z.input<typeof RecoveryRequestSchema>): Promise<boolean>
  /** The operator closes without saving: the unsaved changes (and their autosave) are dropped. */
  discardUnsavedChanges(req: Record<string, never>): Promise<WorkspaceState>
  /** Sets the author written into new annotations (defaults to the OS user name). */
  setAuthor(req: z.input<typeof SetAuthorRequestSchema>): Promise<WorkspaceState>
  /** Opens a native file or folder dialog (desktop only); null when cancelled or unavailable. */
  pickPath(req: z.input<typeof PickPathRequestSchema>): Promise<string | null>
  /** Which columns of which tables a bundle would carry, which are free text, and what masking does. */
  getBundlePlan(req: Record<string, never>): Promise<BundlePlan>
  /** Writes a bundle (data as Parquet, the workspace, annotations, a manifest of SHA-256s), progress under jobId. */
  exportBundle(req: z.input<typeof ExportBundleRequestSchema>): Promise<ExportBundleResult>
  /** Renders the self-contained HTML report for a scope; written to `path` when given. */
  exportReport(req: z.input<typeof ExportReportRequestSchema>): Promise<{ name: string; content: string; path?: string }>
  /** The annotations of these interactions (those that have one). */
  getAnnotations(req: z.input<typeof GetAnnotationsRequestSchema>): Promise<Annotation[]>
  /** Creates or edits the annotation of one interaction. */
  setAnnotation(req: z.input<typeof SetAnnotationRequestSchema>): Promise<Annotation>
  /** Removes the annotation of one interaction; true when there was one. */
  deleteAnnotation(req: z.input<typeof DeleteAnnotationRequestSchema>): Promise<boolean>
  /** Annotates every interaction of a scope (a cluster, the Explorer's rows) or of a list of ids. */
  annotateMany(req: z.input<typeof AnnotateManyRequestSchema>): Promise<{ count: number }>
  /** A page of annotations (newest first) with the counts per status. */
  listAnnotations(req: z.input<typeof ListAnnotationsRequestSchema>): Promise<{ total: number; rows: Annotation[]; counts: ReviewCounts }>
  /** Every annotation as JSONL (id, interaction_id, name, value, comment, author, created, updated). */
  exportAnnotations(req: Record<string, never>): Promise<{ name: string; content: string }>
  /** Merges JSONL annotations by id; conflicts are listed with the side kept. */
  importAnnotations(req: z.input<typeof ImportAnnotationsRequestSchema>): Promise<AnnotationImportResult>
  /** Review progress over the last triage run's review queue, and reviewed vs expected precision. */
  getTriageReview(req: Record<string, never>): Promise<TriageReview>
  /** Every stored policy version, newest first (without file contents). */
  listPolicyVersions(req: Record<string, never>): Promise<PolicyVersionSummary[]>
  /** One version with its content and exported files (for a re-export). */
  getPolicyVersion(req: z.input<typeof PolicyVersionIdSchema>): Promise<PolicyVersion>
  /** Stores the current policy of a kind as a version (called when a page exports it). */
  recordPolicyVersion(req: z.input<typeof RecordPolicyVersionRequestSchema>): Promise<PolicyVersionSummary>
  /** Rows changed, metric deltas, knob and data changes between two versions of one kind. */
  diffPolicyVersions(req: z.input<typeof DiffPolicyVersionsRequestSchema>): Promise<PolicyDiff>
  /** Restores the knobs a version was made with. */
  rollbackPolicyVersion(req: z.input<typeof PolicyVersionIdSchema>): Promise<{ knobs: Record<string, unknown> }>
}

/** One request schema per workspace method. */
export const WORKSPACE_REQUEST_SCHEMAS: { [M in keyof WorkspaceApi]: z.ZodType<unknown> } = {
  getWorkspace: Empty,
  newWorkspace: z.object({ jobId: JobId }).strict(),
  openWorkspace: OpenWorkspaceRequestSchema,
  saveWorkspace: SaveWorkspaceRequestSchema,
  updateWorkspaceUi: UpdateWorkspaceUiRequestSchema,
  getWorkspaceFile: Empty,
  listRecentFiles: Empty,
  listRecoveries: Empty,
  restoreRecovery: RestoreRecoveryRequestSchema,
  discardRecovery: RecoveryRequestSchema,
  discardUnsavedChanges: Empty,
  setAuthor: SetAuthorRequestSchema,
  pickPath: PickPathRequestSchema,
  getBundlePlan: Empty,
  exportBundle: ExportBundleRequestSchema,
  exportReport: ExportReportRequestSchema,
  getAnnotations: GetAnnotationsRequestSchema,
  setAnnotation: SetAnnotationRequestSchema,
  deleteAnnotation: DeleteAnnotationRequestSchema,
  annotateMany: AnnotateManyRequestSchema,
  listAnnotations: ListAnnotationsRequestSchema,
  exportAnnotations: Empty,
  importAnnotations: ImportAnnotationsRequestSchema,
  getTriageReview: Empty,
  listPolicyVersions: Empty,
  getPolicyVersion: PolicyVersionIdSchema,
  recordPolicyVersion: RecordPolicyVersionRequestSchema,
  diffPolicyVersions: DiffPolicyVersionsRequestSchema,
  rollbackPolicyVersion: PolicyVersionIdSchema
}

/** The File menu's commands: the desktop menu sends them to the renderer, which runs the same actions as its own menu. */
export const MENU_COMMANDS = ['new', 'open', 'openRecent', 'save', 'saveAs', 'exportBundle', 'exportReport'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/** Events the workspace sends (members of WorkbenchEvent). */
export type WorkspaceEvent =
  | { type: 'workspaceChanged'; workspace: WorkspaceState }
  /** annotations changed: results filtered by annotation status are stale */
  | { type: 'annotationsChanged'; count: number }
  /** from the desktop shell's File menu (openRecent carries the path) */
  | { type: 'menuCommand'; command: MenuCommand; path?: string }

export type { PolicyDiff, PolicyVersion, PolicyVersionSummary, RecentFile, RecoveryInfo }
