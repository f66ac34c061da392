/**
 * `report`: writes the self-contained HTML report (the same one the app exports) for the whole
 * dataset. With `--with-clusters` the clusters are computed first and the report lists the top
 * failure clusters; their labels and diagnoses are masked when the workspace's PII masking is on or
 * with `--mask-text`.
 */
import path from 'node:path'
import type { AnalysisContext } from '../analysis/context'
import { Privacy } from '../backend/privacy'
import { buildReport } from '../report/buildReport'
import { registerClusterReport } from '../report/clusterReportSection'
import { saveAtomically } from '../workspace/atomicFile'
import { summariseVersion } from '../workspace/policyVersions'
import { clusterSettingsFromFlags, computeClusters, requireWithClusters, runSummary } from './clusterRun'
import { EXIT_OK, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  requireWithClusters(ctx.args.flags, 'report')
  const { engine, report, knobs, overrides, sources, workspace } = await ctx.openData()
  const unknown = overrides.filter((g) => !report.gates.some((x) => x.gate === g))
  if (unknown.length) throw new Error(`--override names unknown gate(s): ${unknown.join(', ')}`)
  const out = path.resolve(String(ctx.args.flags.out))
  const actx: AnalysisContext = { engine, knobs, scope: {}, report, overrideGates: overrides }
  if (ctx.args.flags['with-clusters']) {
    registerClusterReport()
    const { store, info } = await computeClusters(ctx.io, { engine, report, knobs }, clusterSettingsFromFlags(ctx.args.flags, workspace), { withMap: false })
    actx.clusters = store
    ctx.io.out(`clustered ${runSummary(info)}: the report lists the top failure clusters`)
  }
  // the workspace's privacy settings (its mask switch, mode and pseudonym key), or --mask-text
  const privacy = new Privacy()
  if (workspace?.privacy) privacy.restoreWorkspaceState(workspace.privacy)
  if (ctx.args.flags['mask-text']) await privacy.update({ mask: true }, { engine, report })
  const html = await buildReport({
    ctx: actx,
    maskText: await privacy.requestTextMask({ engine, report }),
    datasetLabel: sources.map((s) => path.basename(s)).join(', '),
    isDemo: false,
    workspace: workspace ? { name: path.basename(String(ctx.args.flags.workspace ?? sources[0])), annotations: workspace.annotations, policyVersions: workspace.policy_versions.map(summariseVersion), notes: workspace.ui.notes } : null
  })
  await saveAtomically(out, html, { backup: false })
  ctx.io.out(`wrote ${out} (${Buffer.byteLength(html)} bytes)`)
  return EXIT_OK
}
