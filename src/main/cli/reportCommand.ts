/** `report`: writes the self-contained HTML report (the same one the app exports) for the whole dataset. */
import path from 'node:path'
import { buildReport } from '../report/buildReport'
import { saveAtomically } from '../workspace/atomicFile'
import { summariseVersion } from '../workspace/policyVersions'
import { EXIT_OK, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  const { engine, report, knobs, overrides, sources, workspace } = await ctx.openData()
  const unknown = overrides.filter((g) => !report.gates.some((x) => x.gate === g))
  if (unknown.length) throw new Error(`--override names unknown gate(s): ${unknown.join(', ')}`)
  const out = path.resolve(String(ctx.args.flags.out))
  const html = await buildReport({
    ctx: { engine, knobs, scope: {}, report, overrideGates: overrides },
    datasetLabel: sources.map((s) => path.basename(s)).join(', '),
    isDemo: false,
    workspace: workspace ? { name: path.basename(String(ctx.args.flags.workspace ?? sources[0])), annotations: workspace.annotations, policyVersions: workspace.policy_versions.map(summariseVersion), notes: workspace.ui.notes } : null
  })
  await saveAtomically(out, html, { backup: false })
  ctx.io.out(`wrote ${out} (${Buffer.byteLength(html)} bytes)`)
  return EXIT_OK
}
