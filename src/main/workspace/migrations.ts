/**
 * Forward migrations of the workspace document, one small named step per version. A step takes the
 * raw object of version N and returns version N + 1, keeping every field it does not rewrite.
 *
 * Versions: 1 = the draft of DESIGN.md (sources by relative path, annotations as a map of
 * interaction -> {status, label, note}, routing policies only); 2 = sources with both paths, size
 * and columns, annotations as records with ids, labels, author and times; 3 = the UI state in one
 * `ui` object and policy versions as generic records of any kind.
 */
import path from 'node:path'

type Raw = Record<string, unknown>

export interface MigrationStep {
  /** the version this step reads; it writes from + 1 */
  from: number
  name: string
  migrate(doc: Raw): Raw
}

const asObject = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {})
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const asString = (v: unknown, dflt = ''): string => (typeof v === 'string' ? v : dflt)

/** v1 statuses were shorter words. */
const V1_STATUS: Record<string, string> = { open: 'open', confirmed: 'confirmed_failure', false_alarm: 'false_alarm', fixed: 'fixed' }

export const v1ToV2: MigrationStep = {
  from: 1,
  name: 'v1_to_v2_source_paths_and_annotation_records',
  migrate(doc) {
    const savedAt = asString(doc.saved_at, '1970-01-01T00:00:00Z')
    const { sources, annotations, views, ...rest } = doc
    const newSources = asArray(sources).map((s) => {
      const { path: rel, ...other } = asObject(s)
      const p = asString(rel)
      // v1 knew only the path relative to the workspace file; the absolute one is found on open.
      return { kind: 'csv', table: null, file: path.posix.basename(p.replace(/\\/g, '/')), relative_path: p, absolute_path: p, bytes: null, columns: [], ...other }
    })
    const records = Object.entries(asObject(annotations)).map(([interactionId, v]) => {
      const { status, label, note, ...other } = asObject(v)
      const l = asString(label).trim()
      return {
        ...other,
        id: `v1-${interactionId}`,
        interaction_id: interactionId,
        status: V1_STATUS[asString(status)] ?? 'open',
        labels: l ? [l] : [],
        note: asString(note),
        author: '',
        created: savedAt,
        updated: savedAt
      }
    })
    const savedViews = asArray(views).map((v, i) => {
      const o = asObject(v)
      return { params: {}, ...o, id: `v1-view-${i + 1}`, created: savedAt }
    })
    return { ...rest, version: 2, sources: newSources, annotations: records, saved_views: savedViews }
  }
}

export const v2ToV3: MigrationStep = {
  from: 2,
  name: 'v2_to_v3_ui_object_and_generic_policy_versions',
  migrate(doc) {
    const { filters, saved_views, cluster_settings, page, policies, ...rest } = doc
    const hashes = asArray(doc.sources).map((s) => {
      const o = asObject(s)
      return { table: asString(o.table, 'interactions') || 'interactions', file: asString(o.file), sha256: asString(o.sha256), rows: typeof o.rows === 'number' ? o.rows : 0 }
    })
    const versions = asArray(policies).map((p, i) => {
      const { exported_at, knobs, routing_policy, backtest, ...other } = asObject(p)
      const rows = asArray(routing_policy)
      const summary = Object.fromEntries(Object.entries(asObject(backtest)).filter(([, v]) => v === null || ['number', 'string', 'boolean'].includes(typeof v)))
      return {
        ...other,
        id: `v2-policy-${i + 1}`,
        kind: 'routing',
        created: asString(exported_at, asString(doc.saved_at, '1970-01-01T00:00:00Z')),
        label: `${rows.length} use case${rows.length === 1 ? '' : 's'}${typeof summary.routing_status === 'string' ? ` · ${summary.routing_status}` : ''}`,
        knobs: asObject(knobs),
        data_hashes: hashes,
        scope: {},
        content: { rows },
        summary,
        files: []
      }
    })
    const ui = {
      page: typeof page === 'string' ? page : 'overview',
      filters: asObject(filters),
      page_params: {},
      saved_views: asArray(saved_views),
      drift_date_ranges: null,
      cluster_settings: cluster_settings === undefined ? null : cluster_settings,
      triage_threshold: null,
      notes: ''
    }
    return { ...rest, version: 3, demo: false, gate_overrides: [], ui, policy_versions: versions }
  }
}

/** Every step in order; the last one writes WORKSPACE_VERSION. */
export const MIGRATIONS: readonly MigrationStep[] = [v1ToV2, v2ToV3]

/** Applies the steps from `doc.version` up to `target`; returns the document and the names of the steps run. */
export function migrate(doc: Raw, target: number): { doc: Raw; steps: string[] } {
  let current = doc
  const steps: string[] = []
  for (;;) {
    const v = current.version as number
    if (v >= target) return { doc: current, steps }
    const step = MIGRATIONS.find((m) => m.from === v)
    if (!step) throw new Error(`no migration from workspace format version ${v}`)
    current = step.migrate(current)
    steps.push(step.name)
  }
}
