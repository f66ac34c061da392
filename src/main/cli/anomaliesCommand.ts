/**
 * `anomalies`: writes anomalies.csv (PIPELINE.md section 12) over the whole data and prints the top
 * alarms; with `--with-clusters` the clusters are computed first and each cluster is a slice too.
 * Exit 2 when a stop-ship gate failed (the report is written all the same).
 */
import fs from 'node:fs'
import path from 'node:path'
import { ANOMALIES_FILE, anomaliesCsv } from '../../shared/artifacts/anomalyArtifacts'
import { anomalyReport } from '../analysis/anomalies'
import type { AnalysisContext } from '../analysis/context'
import { writeFileAtomic } from '../artifacts/analyze'
import { blockingGates } from '../artifacts/decisionArtifact'
import { clusterSettingsFromFlags, computeClusters, requireWithClusters, runSummary } from './clusterRun'
import { EXIT_OK, EXIT_STOP_SHIP, type CommandContext } from './types'

const TOP = 5

export async function run(ctx: CommandContext): Promise<number> {
  requireWithClusters(ctx.args.flags, 'anomalies')
  const { engine, report, knobs, overrides, workspace } = await ctx.openData()
  const outDir = path.resolve(String(ctx.args.flags.out))
  const actx: AnalysisContext = { engine, knobs, scope: {}, report, overrideGates: overrides }
  if (ctx.args.flags['with-clusters']) {
    const { store, info } = await computeClusters(ctx.io, { engine, report, knobs }, clusterSettingsFromFlags(ctx.args.flags, workspace), { withMap: false })
    actx.clusters = store
    ctx.io.out(`clustered ${runSummary(info)}: each cluster is a slice`)
  }
  const result = await anomalyReport(actx)
  fs.mkdirSync(outDir, { recursive: true })
  const file = path.join(outDir, ANOMALIES_FILE)
  writeFileAtomic(file, anomaliesCsv(result))
  ctx.io.out(
    `wrote ${result.findings.length} finding(s) in ${result.alarms.length} alarm(s) to ${file} (${result.series_checked} series over ${result.days} day(s)${result.first_day ? `, ${result.first_day} to ${result.last_day}` : ''}; ANOMALY_Z ${knobs.ANOMALY_Z}, ANOMALY_MIN_REQUESTS ${knobs.ANOMALY_MIN_REQUESTS})`
  )
  for (const a of result.alarms.slice(0, TOP)) {
    const h = a.headline
    const slice = h.dimension === 'all' ? 'all' : `${h.dimension}=${h.value}${h.value_label ? ` (${h.value_label})` : ''}`
    ctx.io.out(`  #${a.rank} ${h.tone} ${h.kind} ${h.metric} ${slice} ${h.date}${h.responsible ? ` (responsible: ${h.responsible.label})` : ''}`)
  }
  const blocking = blockingGates(report, overrides)
  if (blocking.length) {
    ctx.io.err(`STOP-SHIP: failed gate(s) ${blocking.join(', ')}; the alarms describe the data as loaded`)
    return EXIT_STOP_SHIP
  }
  return EXIT_OK
}
