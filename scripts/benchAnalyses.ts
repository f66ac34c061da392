/** Times the SQL analyses on a loaded engine (median of runs) and formats a Markdown table with their targets (drift and triage are timed by bench.ts itself). */
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import type { AnalysisContext } from '../src/main/analysis/context'
import { budgetBurnDaily } from '../src/main/analysis/burn'
import { healthSnapshot } from '../src/main/analysis/health'
import { modelHotspots } from '../src/main/analysis/hotspots'
import { riskSlices } from '../src/main/analysis/riskSlices'
import { routing } from '../src/main/analysis/routing'
import type { Engine } from '../src/main/engine/engine'
import type { IntegrityReport } from '../src/shared/types'

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

export async function benchAnalyses(engine: Engine, report: IntegrityReport, runs: number): Promise<string> {
  const ctx: AnalysisContext = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
  const cases: [string, number, () => Promise<unknown>][] = [
    ['health snapshot', 250, () => healthSnapshot(ctx)],
    ['budget burn (daily)', 250, () => budgetBurnDaily(ctx)],
    ['risk slices', 250, () => riskSlices(ctx)],
    ['model hotspots', 250, () => modelHotspots(ctx)],
    ['routing policy + backtest', 250, () => routing(ctx)]
  ]
  const lines = ['| analysis | median ms | runs | target ms | verdict |', '|---|---|---|---|---|']
  for (const [name, target, fn] of cases) {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      await fn()
      times.push(performance.now() - t0)
    }
    const m = median(times)
    lines.push(`| ${name} | ${m.toFixed(0)} | ${times.map((t) => t.toFixed(0)).join(', ')} | ${target} | ${m <= target ? 'PASS' : 'FAIL'} |`)
  }
  return lines.join('\n')
}
