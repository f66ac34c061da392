/**
 * The Clusters page's settings as a workspace saves them (`ui.cluster_settings`): the settings of the
 * clusters computed (recomputed on open: the same input and settings give the same clusters, so a
 * saved cluster filter selects the same rows), the ranking, the map's colouring and the optional
 * local model's endpoint. Never a secret: the endpoint's API key stays in the running backend only.
 */
import { z } from 'zod'
import { CLUSTER_TEXT_SOURCES, CLUSTER_VECTOR_SOURCES, DEFAULT_MIN_CLUSTER_SIZE, MAP_COLOR_BY, MAX_CLUSTER_K, RANKING_STRATEGIES, type ClusterRanking, type ClusterSettings, type MapColorBy } from './clusters'

const RunSchema = z.object({
  /** null: K chosen automatically */
  k: z.number().int().min(2).max(MAX_CLUSTER_K).nullable(),
  /** the seed the run used (RANDOM_SEED when none was typed) */
  seed: z.number().int().min(0).max(4294967295).nullable(),
  text: z.enum(CLUSTER_TEXT_SOURCES),
  vectors: z.enum(CLUSTER_VECTOR_SOURCES)
})

const RankingSchema = z.object({
  strategy: z.enum(RANKING_STRATEGIES),
  minSize: z.number().int().min(1).max(1_000_000_000)
})

const LocalModelSchema = z.object({
  /** null: off (the default) */
  endpoint: z.string().max(500).nullable(),
  model: z.string().max(200),
  /** the endpoint was used with an API key (the key itself is never saved: it is typed again) */
  api_key_set: z.boolean().default(false)
})

/**
 * Names of fields that must never be written into a workspace or a bundle, wherever they appear in
 * the cluster settings (a hand-edited file, a newer version's field): they are dropped on save.
 */
const SECRET_FIELD = /^(api[_-]?key|apikey|access[_-]?token|token|secret|password|authorization|bearer)$/i

/** Each field falls back to null on its own: one unreadable field does not lose the others. */
export const ClusterWorkspaceSettingsSchema = z.looseObject({
  run: RunSchema.nullable().catch(null).default(null),
  ranking: RankingSchema.nullable().catch(null).default(null),
  color_by: z.enum(MAP_COLOR_BY).nullable().catch(null).default(null),
  local_model: LocalModelSchema.nullable().catch(null).default(null)
})
export type ClusterWorkspaceSettings = z.infer<typeof ClusterWorkspaceSettingsSchema>

export const EMPTY_CLUSTER_WORKSPACE_SETTINGS: ClusterWorkspaceSettings = { run: null, ranking: null, color_by: null, local_model: null }

/** Reads `ui.cluster_settings` (null, or anything a file held): what can be read, the rest null. */
export function readClusterWorkspaceSettings(value: unknown): ClusterWorkspaceSettings {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ...EMPTY_CLUSTER_WORKSPACE_SETTINGS }
  const parsed = ClusterWorkspaceSettingsSchema.safeParse(value)
  return parsed.success ? parsed.data : { ...EMPTY_CLUSTER_WORKSPACE_SETTINGS }
}

/** The run settings a workspace recorded, as the cluster run takes them. */
export function savedRunSettings(s: ClusterWorkspaceSettings): ClusterSettings | null {
  return s.run ? { k: s.run.k, seed: s.run.seed, text: s.run.text, vectors: s.run.vectors } : null
}

/** The ranking the page starts from: the saved one, else the default. */
export function savedRanking(s: ClusterWorkspaceSettings): ClusterRanking {
  return s.ranking ?? { strategy: 'excess_failures', minSize: DEFAULT_MIN_CLUSTER_SIZE }
}

export function savedColorBy(s: ClusterWorkspaceSettings): MapColorBy {
  return s.color_by ?? 'cluster'
}

/** A copy without any secret-looking field at any depth (what a workspace file and a bundle may hold). */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v)) as T
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!SECRET_FIELD.test(k)) out[k] = withoutSecrets(v)
  return out as T
}
