/** Times the economics and comparison analyses on a generated dataset (no memo: every run computes), median of runs, and writes bench/economics-results.md. Usage: tsx scripts/benchEconomics.ts [DIR] [runs] */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { EMPTY_PRICE_TABLE } from '../src/shared/economics'
import type { AnalysisContext } from '../src/main/analysis/context'
import { compareScopes } from '../src/main/analysis/compare'
import { economics, savingsReport } from '../src/main/analysis/economics'
import { estimatePrices } from '../src/main/analysis/prices'
import { createEngine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? '/work/data/gen-1m'
  const runs = Number(process.argv[3] ?? 5)
  const { engine } = await createEngine('native', { memoryLimit: '4GB' })
  const t0 = performance.now()
  const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
  const loadMs = performance.now() - t0
  const rows = report.tables.interactions?.rows ?? 0
  const ctx: AnalysisContext = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
  const change = { use_case: 'coding_assistant', target: { kind: 'model' as const, model_provider: 'google', model_name: 'gemini-1.5-flash' }, share: 1 }
  const cases: [string, () => Promise<unknown>][] = [
    ['price estimates (3 passes)', () => estimatePrices(ctx)],
    ['economics: re-pricing + routing change + scenarios', () => economics(ctx, EMPTY_PRICE_TABLE, { useCase: 'coding_assistant', change, volume: 2 })],
    ['savings ideas (cheaper model, prompt trim, 24 h response cache)', () => savingsReport(ctx, EMPTY_PRICE_TABLE)],
    ['compare: two models (all metrics, ranks in SQL)', () => compareScopes(ctx, { filters: { model_name: ['gpt-4o'] } }, { filters: { model_name: ['gpt-4o-mini'] } })],
    ['compare: whole first half vs second half', () => compareScopes(ctx, { to: '2025-03-01' }, { from: '2025-03-02' })]
  ]
  const lines = [
    `# Economics and comparison timings`,
    '',
    `${rows.toLocaleString('en-US')} interactions (${path.basename(dir)}), native engine, load ${(loadMs / 1000).toFixed(1)} s; ${runs} runs each, no memo; ${os.cpus().length} cores, load average at start ${os.loadavg()[0].toFixed(1)} (the machine was shared: read the ratios, not the absolute times).`,
    '',
    '| analysis | median ms | runs (ms) |',
    '|---|---|---|'
  ]
  for (const [name, fn] of cases) {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      await fn()
      times.push(performance.now() - t)
    }
    lines.push(`| ${name} | ${median(times).toFixed(0)} | ${times.map((t) => t.toFixed(0)).join(', ')} |`)
  }
  await engine.close()
  const out = lines.join('\n') + '\n'
  fs.mkdirSync('bench', { recursive: true })
  fs.writeFileSync('bench/economics-results.md', out)
  process.stdout.write(out)
}

void main()
