import { createEngine } from './src/main/engine/engine'
import { ingestFiles } from './src/main/ingest/ingest'
import { DEFAULT_KNOBS } from './src/shared/knobs'
import { ResultMemo } from './src/main/analysis/resultMemo'
import { driftReport } from './src/main/analysis/drift'
const { engine } = await createEngine('native')
const report = await ingestFiles(engine, ['.bench/rows-1000000'], { ...DEFAULT_KNOBS }, { hash: false })
const ctx: any = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [], memo: new ResultMemo() }
await driftReport(ctx)
const ts: number[] = []
for (let i = 0; i < 10; i++) { const t = performance.now(); await driftReport(ctx); ts.push(performance.now() - t) }
console.log('drift warm', ts.map((x) => x.toFixed(0)).join(' '))
process.exit(0)
