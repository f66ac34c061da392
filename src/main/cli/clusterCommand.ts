/** `cluster`: clusters every request by meaning and writes PIPELINE.md section 12's clusters.csv and cluster_summary.json, plus cluster_report.md. */
import fs from 'node:fs'
import path from 'node:path'
import { ClusterRankingSchema, DEFAULT_MIN_CLUSTER_SIZE, RANKING_STRATEGIES } from '../../shared/clusters'
import { ResultMemo } from '../analysis/resultMemo'
import { writeFileAtomic } from '../artifacts/analyze'
import { buildClusterReport } from '../artifacts/clusterArtifacts'
import { clusterSettingsFromFlags, computeClusters, enumFlag, intFlag } from './clusterRun'
import { EXIT_OK, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.args.flags
  const ranking = ClusterRankingSchema.parse({ strategy: enumFlag(f, 'rank', RANKING_STRATEGIES, 'excess_failures'), minSize: intFlag(f, 'min-size', 1, 1_000_000_000) ?? DEFAULT_MIN_CLUSTER_SIZE })
  const outDir = path.resolve(String(f.out))
  const { engine, report, knobs, workspace } = await ctx.openData()
  // flags win; a workspace's saved cluster settings make the same clusters the app showed
  const settings = clusterSettingsFromFlags(f, workspace)
  const started = Date.now()
  const { store, info } = await computeClusters(ctx.io, { engine, report, knobs }, settings, { withMap: true })
  const memoCtx = { engine, knobs, scope: {}, report, overrideGates: [], memo: new ResultMemo() }
  const files = await buildClusterReport(memoCtx, store, ranking)
  fs.mkdirSync(outDir, { recursive: true })
  for (const file of files) writeFileAtomic(path.join(outDir, file.name), file.content)
  ctx.io.out(`wrote ${files.map((x) => x.name).join(', ')} to ${outDir}`)
  ctx.io.out(`${info.rows} requests, ${info.distinct_texts} distinct texts, ${info.k} clusters (${info.settings.k === null ? 'K by shared vocabulary' : 'K given'}), vectors: ${info.vector_description}; map: ${info.map_method}; ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return EXIT_OK
}
