import { createEngine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { loadFrame, ruleClasses } from '../src/main/analysis/sampling'
import { SamplingInputsSchema } from '../src/shared/sampling'
import { countCells } from '../src/main/ml/sampleFrame'
import { solveRates } from '../src/main/ml/samplingPolicy'
import { applyRates, backtest } from '../src/main/ml/samplingBacktest'
async function main() {
  const { engine } = await createEngine('native')
  let t0 = Date.now()
  const report = await ingestFiles(engine, [process.argv[2]], { ...DEFAULT_KNOBS })
  const ctx = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
  console.log('ingest', Date.now() - t0)
  const inputs = SamplingInputsSchema.parse({})
  let t = Date.now()
  const { frame, strata } = await loadFrame(ctx, inputs)
  console.log('frame', Date.now() - t, 'strata', strata.day.length, 'groups', frame.groups.length)
  const classes = ruleClasses(inputs, 2200)
  for (let k = 0; k < 3; k++) {
    t = Date.now(); const cells = countCells(frame, classes.length, strata.day.length); console.log('cells', Date.now() - t)
    t = Date.now(); const s = solveRates({ classes: classes.map((c) => c.spec), stratumDays: strata.day, rows: cells.rows, bytes: cells.bytes, budget: { unit: 'rows', share: 0.2 }, minKeptPerStratum: 10, minRate: 0.01, boostDays: new Set(), boostFactor: 3 }); console.log('solve', Date.now() - t)
    t = Date.now(); const a = applyRates(frame, s.rates, strata.day.length); console.log('apply', Date.now() - t)
    t = Date.now(); backtest(frame, a); console.log('backtest', Date.now() - t)
  }
  await engine.close()
}
main()
