/** Building workspace documents: a new one, and one composed from the session's parts over the document it was opened from (so unknown fields survive). */
import type { Annotation } from '../../shared/annotations'
import type { PolicyVersion } from '../../shared/policyHistory'
import { WORKSPACE_FORMAT, WORKSPACE_VERSION, WorkspaceDocSchema, WorkspaceUiSchema, type WorkspaceDoc, type WorkspaceSource, type WorkspaceUi } from '../../shared/workspace'

/** An empty document of the current version. */
export function emptyWorkspaceDoc(): WorkspaceDoc {
  return WorkspaceDocSchema.parse({ format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION })
}

export function emptyUi(): WorkspaceUi {
  return WorkspaceUiSchema.parse({})
}

export interface WorkspaceParts {
  demo: boolean
  sources: WorkspaceSource[]
  knobs: Record<string, unknown>
  gateOverrides: string[]
  priceTable: unknown
  privacy: unknown
  ui: WorkspaceUi
  annotations: Annotation[]
  policyVersions: PolicyVersion[]
}

/** The document to save: `base` (as opened, unknown fields and all) with every part replaced by the session's. */
export function composeWorkspaceDoc(base: WorkspaceDoc, p: WorkspaceParts): WorkspaceDoc {
  return {
    ...base,
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    demo: p.demo,
    sources: p.sources,
    knobs: { ...p.knobs },
    gate_overrides: [...p.gateOverrides],
    price_table: p.priceTable,
    privacy: p.privacy,
    ui: { ...base.ui, ...p.ui },
    annotations: p.annotations,
    policy_versions: p.policyVersions
  }
}

/** The privacy state as it travels inside a bundle: the settings without the pseudonym key (with it, a recipient could test guesses against pseudonymised text). */
export function portablePrivacy(privacy: unknown): unknown {
  if (!privacy || typeof privacy !== 'object' || !('settings' in privacy)) return null
  return { settings: (privacy as { settings: unknown }).settings }
}

/** Sources as they travel inside a bundle: names, hashes and counts, without the sender's folders. */
export function portableSources(sources: readonly WorkspaceSource[]): WorkspaceSource[] {
  return sources.map((s) => ({ ...s, relative_path: null, absolute_path: s.file }))
}
