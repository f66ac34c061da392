/**
 * `npm run eval:clusters [-- --cases a,b --seeds 1,2,3 --out FILE]`: runs the clustering
 * evaluation (scripts/clusterEval.ts) over its cases and seeds and prints a table: per case and
 * seed, the lowest best-match F1 over the planted families, the rank of the mostly failing
 * family's cluster, K and the clustering time; then every family below F1 0.8. Data sets are
 * generated once into .tmp/cluster-eval/. With --out, the table is also written to FILE.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EVAL_CASES, evaluateCase, type CaseResult } from './clusterEval'

const root = path.resolve(__dirname, '..')
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const wanted = arg('cases')?.split(',')
  const cases = wanted ? EVAL_CASES.filter((c) => wanted.includes(c.name)) : EVAL_CASES
  if (wanted && cases.length !== wanted.length) throw new Error(`unknown case in ${wanted.join(', ')}; cases: ${EVAL_CASES.map((c) => c.name).join(', ')}`)
  const seeds = (arg('seeds') ?? '1,2,3').split(',').map(Number)
  const workDir = path.join(root, '.tmp', 'cluster-eval')
  fs.mkdirSync(workDir, { recursive: true })
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ')
  const results: CaseResult[] = []
  for (const c of cases) {
    for (const seed of seeds) {
      const r = await evaluateCase(c, seed, workDir)
      results.push(r)
      process.stderr.write(`${c.name} seed ${seed}: min F1 ${r.minF1.toFixed(3)}, failing rank ${r.failingRank}, K ${r.k}, ${(r.clusterMs / 1000).toFixed(1)} s\n`)
    }
  }
  const lines: string[] = []
  lines.push(`Clustering evaluation, ${new Date().toISOString()}, seeds ${seeds.join(', ')}; load average at start ${load}.`)
  lines.push('')
  lines.push('Per seed: the lowest best-match F1 over the planted families / the rank of the mostly failing family\'s cluster (pass: F1 >= 0.8 and rank 1).')
  lines.push('')
  lines.push(`| case | what it plants | ${seeds.map((s) => `seed ${s}`).join(' | ')} | pass | K | cluster s (median) |`)
  lines.push(`|---|---|${seeds.map(() => '---|').join('')}---|---|---|`)
  for (const c of cases) {
    const rs = results.filter((r) => r.case === c.name)
    const cells = rs.map((r) => `${r.minF1.toFixed(2)} / ${r.failingRank}${r.pass ? '' : ' ✗'}`)
    const ms = rs.map((r) => r.clusterMs).sort((a, b) => a - b)
    lines.push(`| ${c.name} | ${c.about} | ${cells.join(' | ')} | ${rs.filter((r) => r.pass).length}/${rs.length} | ${rs.map((r) => r.k).join(', ')} | ${(ms[Math.floor((ms.length - 1) / 2)] / 1000).toFixed(1)} |`)
  }
  const passed = results.filter((r) => r.pass).length
  lines.push('')
  lines.push(`Passed ${passed} of ${results.length} case-seeds.`)
  const weak = results.flatMap((r) => r.families.filter((f) => f.f1 < 0.8).map((f) => ({ r, f })))
  if (weak.length > 0) {
    lines.push('')
    lines.push('Families below F1 0.8 (precision = share of the best cluster that is the family; recall = share of the family in it):')
    lines.push('')
    lines.push('| case | seed | family | rows | F1 | precision | recall |')
    lines.push('|---|---|---|---|---|---|---|')
    for (const { r, f } of weak) lines.push(`| ${r.case} | ${r.seed} | ${f.family} | ${f.size} | ${f.f1.toFixed(2)} | ${f.precision.toFixed(2)} | ${f.recall.toFixed(2)} |`)
  }
  const text = lines.join('\n') + '\n'
  process.stdout.write(text)
  const out = arg('out')
  if (out) fs.writeFileSync(path.resolve(out), text)
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
