import { createEngine } from '/work/wt-i11samp/src/main/engine/engine'
import { ingestFiles } from '/work/wt-i11samp/src/main/ingest/ingest'
import { DEFAULT_KNOBS } from '/work/wt-i11samp/src/shared/knobs'
import { computeSampling } from '/work/wt-i11samp/src/main/analysis/sampling'
import { SamplingInputsSchema } from '/work/wt-i11samp/src/shared/sampling'
async function main() {
  const { engine } = await createEngine('native')
  let t = Date.now()
  const report = await ingestFiles(engine, [process.argv[2]], { ...DEFAULT_KNOBS })
  console.log('ingest', Date.now() - t)
  const ctx = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
  for (const share of [0.2, 0.2, 0.1, 0.02]) {
    t = Date.now()
    const r = await computeSampling(ctx, SamplingInputsSchema.parse({ budget: { kind: 'keep_share', keep_share: share }, min_kept_per_stratum_day: Number(process.argv[3] ?? 10) }))
    console.log('sampling', share, Date.now() - t, 'ms', r.result.policy.feasibility.message)
    console.log(r.result.rules.map((x) => `${x.id}: rows ${x.rows} rate ${x.rate.toFixed(4)} exp ${x.expected_kept_rows.toFixed(0)} sampled ${x.sampled_rows}`).join('\n'))
    console.log(r.result.backtest.summary, r.result.projection.total)
  }
  await engine.close()
}
main()
