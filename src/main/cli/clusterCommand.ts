/** `cluster`: clusters every request by meaning and writes PIPELINE.md section 12's clusters.csv and cluster_summary.json, plus cluster_report.md. */
import fs from 'node:fs'
import path from 'node:path'
import { ClusterRankingSchema, ClusterSettingsSchema, DEFAULT_MIN_CLUSTER_SIZE, RANKING_STRATEGIES } from '../../shared/clusters'
import { detectEmbeddingColumn } from '../analysis/clusterInput'
import { ClusterStore } from '../analysis/clusterRuns'
import { ensureClusterTables } from '../analysis/clusterTables'
import { ResultMemo } from '../analysis/resultMemo'
import { writeFileAtomic } from '../artifacts/analyze'
import { buildClusterReport } from '../artifacts/clusterArtifacts'
import { UsageError } from '../cliArgs'
import { EXIT_OK, type CommandContext } from './types'

function intFlag(flags: Record<string, string | true>, name: string, min: number, max: number): number | null {
  const v = flags[name]
  if (v === undefined) return null
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) throw new UsageError(`--${name} must be a whole number, got "${String(v)}"`)
  const n = Number(v)
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`)
  return n
}

function enumFlag<T extends string>(flags: Record<string, string | true>, name: string, allowed: readonly T[], fallback: T): T {
  const v = flags[name]
  if (v === undefined) return fallback
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${String(v)}"`)
  return v as T
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.args.flags
  const settings = ClusterSettingsSchema.parse({
    k: intFlag(f, 'k', 2, 200),
    seed: intFlag(f, 'seed', 0, 4294967295),
    text: enumFlag(f, 'text', ['request', 'request_and_response'] as const, 'request'),
    vectors: enumFlag(f, 'vectors', ['auto', 'lexical', 'embeddings'] as const, 'auto')
  })
  const ranking = ClusterRankingSchema.parse({ strategy: enumFlag(f, 'rank', RANKING_STRATEGIES, 'excess_failures'), minSize: intFlag(f, 'min-size', 1, 1_000_000_000) ?? DEFAULT_MIN_CLUSTER_SIZE })
  const outDir = path.resolve(String(f.out))
  const { engine, report, knobs } = await ctx.openData()
  await ensureClusterTables(engine)
  const store = new ClusterStore(engine, report, await detectEmbeddingColumn(engine, report))
  let lastPhase = ''
  const started = Date.now()
  const { map } = store.run(settings, knobs, {
    jobId: 0,
    signal: new AbortController().signal,
    onProgress: (phase) => {
      if (phase === lastPhase) return
      lastPhase = phase
      ctx.io.err(`cluster: ${phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    }
  })
  const info = await map
  const memoCtx = { engine, knobs, scope: {}, report, overrideGates: [], memo: new ResultMemo() }
  const files = await buildClusterReport(memoCtx, store, ranking)
  fs.mkdirSync(outDir, { recursive: true })
  for (const file of files) writeFileAtomic(path.join(outDir, file.name), file.content)
  ctx.io.out(`wrote ${files.map((x) => x.name).join(', ')} to ${outDir}`)
  ctx.io.out(`${info.rows} requests, ${info.distinct_texts} distinct texts, ${info.k} clusters (${info.settings.k === null ? 'K by silhouette' : 'K given'}), vectors: ${info.vector_description}; map: ${info.map_method}; ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return EXIT_OK
}
