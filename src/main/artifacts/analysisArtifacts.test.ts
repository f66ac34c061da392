import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import type { AnalysisContext } from '../analysis/context'
import { budgetBurnDaily } from '../analysis/burn'
import { healthSnapshot } from '../analysis/health'
import { modelHotspots } from '../analysis/hotspots'
import { riskSlices } from '../analysis/riskSlices'
import { routing } from '../analysis/routing'
import { ENGINE_KINDS } from '../analysis/testTable'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { budgetBurnCsv, healthSnapshotJson, modelHotspotsCsv, pythonJson, riskSlicesCsv, routingBacktestCsv, routingPolicyCsv } from '../../shared/artifacts/analysisArtifacts'
import { parseCsv } from './compareArtifacts'

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample')
const REL_TOL = 1e-9

const FLOAT_TEXT = /^-?(\d+\.\d+(e[+-]\d+)?|\d+e[+-]\d+|inf|nan)$/i

/** Counts and text exact; floats within 1e-9 relative and written as floats (2.0, not 2). */
function expectCellsMatch(file: string, actualText: string): void {
  const expected = parseCsv(fs.readFileSync(path.join(FIXTURE, 'expected', file), 'utf8'))
  const actual = parseCsv(actualText)
  expect(actual[0], `${file} header`).toEqual(expected[0])
  expect(actual.length, `${file} rows`).toBe(expected.length)
  for (let r = 1; r < expected.length; r++) {
    for (let c = 0; c < expected[0].length; c++) {
      const e = expected[r][c]
      const a = actual[r][c]
      const where = `${file} row ${r} ${expected[0][c]}`
      if (FLOAT_TEXT.test(e)) {
        expect(a, where).toMatch(FLOAT_TEXT)
        expectClose(Number(a), Number(e), where)
      } else {
        expect(a, where).toBe(e)
      }
    }
  }
}

function expectClose(a: number, e: number, where: string): void {
  const tol = REL_TOL * Math.max(Math.abs(e), Number.MIN_VALUE)
  expect(Math.abs(a - e) <= tol, `${where}: ${a} vs ${e}`).toBe(true)
}

function expectJsonClose(a: unknown, e: unknown, where: string): void {
  if (typeof e === 'number' && !Number.isInteger(e)) {
    expect(typeof a, where).toBe('number')
    expectClose(a as number, e, where)
  } else if (Array.isArray(e)) {
    expect(Array.isArray(a), where).toBe(true)
    expect((a as unknown[]).length, `${where} length`).toBe(e.length)
    e.forEach((v, i) => expectJsonClose((a as unknown[])[i], v, `${where}[${i}]`))
  } else if (e !== null && typeof e === 'object') {
    expect(Object.keys(a as object), `${where} keys`).toEqual(Object.keys(e))
    for (const [k, v] of Object.entries(e)) expectJsonClose((a as Record<string, unknown>)[k], v, `${where}.${k}`)
  } else {
    expect(a, where).toEqual(e)
  }
}

describe('pythonJson', () => {
  it('writes like json.dumps(indent=2)', () => {
    expect(pythonJson({ n: 2, x: 0, y: [], z: [{ s: 'é"' }], w: null }, (k) => k !== 'n')).toBe(
      '{\n  "n": 2,\n  "x": 0.0,\n  "y": [],\n  "z": [\n    {\n      "s": "\\u00e9\\""\n    }\n  ],\n  "w": null\n}'
    )
  })
})

describe.each(ENGINE_KINDS)('notebook-sample golden artifacts on %s', (kind) => {
  let engine: Engine
  let ctx: AnalysisContext
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    const knobs = { ...DEFAULT_KNOBS }
    const report: IntegrityReport = await ingestFiles(engine, [path.join(FIXTURE, 'input')], knobs)
    ctx = { engine, knobs, scope: {}, report, overrideGates: [] }
  })
  afterAll(async () => {
    await engine.close()
  })

  it('health_snapshot.json', async () => {
    const text = healthSnapshotJson(await healthSnapshot(ctx))
    const expectedText = fs.readFileSync(path.join(FIXTURE, 'expected', 'health_snapshot.json'), 'utf8')
    expectJsonClose(JSON.parse(text), JSON.parse(expectedText), 'health')
    // floats print as floats, the way the expected file does
    expect(text).toContain('"latency_missing_rate": 0.0,')
    expect(text).toContain('"health_score": 62.1,')
    expect(text.split('\n').length).toBe(expectedText.split('\n').length)
  })

  it('budget_burn_daily.csv', async () => {
    expectCellsMatch('budget_burn_daily.csv', budgetBurnCsv(await budgetBurnDaily(ctx)))
  })

  it('risk_slices.csv', async () => {
    expectCellsMatch('risk_slices.csv', riskSlicesCsv(await riskSlices(ctx)))
  })

  it('model_hotspots.csv', async () => {
    expectCellsMatch('model_hotspots.csv', modelHotspotsCsv(await modelHotspots(ctx)))
  })

  it('routing_policy_use_case.csv and routing_backtest_summary.csv', async () => {
    const { policy, backtest } = await routing(ctx)
    expectCellsMatch('routing_policy_use_case.csv', routingPolicyCsv(policy))
    expectCellsMatch('routing_backtest_summary.csv', routingBacktestCsv(backtest))
  })
})
