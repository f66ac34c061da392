import { describe, expect, it } from 'vitest'
import { parseArgs } from './generate'
import { DEFAULT_PLANTED, PlantedFamilies } from './plantedFamilies'

describe('a failure step inside one planted family', () => {
  it("multiplies that family's failure probability from its day, capped at 0.9, and nothing else", () => {
    const p = new PlantedFamilies({ ...DEFAULT_PLANTED, families: 3, failureStep: { family: 1, from: '2025-03-10', factor: 4 } })
    expect(p.failureProbability(1, 0.05, '2025-03-09')).toBe(0.05)
    expect(p.failureProbability(1, 0.05, '2025-03-10')).toBeCloseTo(0.2, 12)
    expect(p.failureProbability(1, 0.5, '2025-04-01')).toBe(0.9)
    // the first family keeps its own rate; the others the generator's
    expect(p.failureProbability(0, 0.05, '2025-03-20')).toBe(DEFAULT_PLANTED.failingRate)
    expect(p.failureProbability(2, 0.05, '2025-03-20')).toBe(0.05)
    // without a step: as before
    const plain = new PlantedFamilies({ ...DEFAULT_PLANTED, families: 3 })
    expect(plain.failureProbability(1, 0.05, '2025-03-20')).toBe(0.05)
    expect(plain.failureProbability(1, 0.05)).toBe(0.05)
  })

  it('refuses a step it cannot plant, naming the field', () => {
    expect(() => new PlantedFamilies({ ...DEFAULT_PLANTED, families: 2, failureStep: { family: 2, from: '2025-03-10', factor: 2 } })).toThrow(/family must be 0..1/)
    expect(() => new PlantedFamilies({ ...DEFAULT_PLANTED, failureStep: { family: 0, from: 'March', factor: 2 } })).toThrow(/from must be YYYY-MM-DD/)
    expect(() => new PlantedFamilies({ ...DEFAULT_PLANTED, failureStep: { family: 0, from: '2025-03-10', factor: 0 } })).toThrow(/factor/)
  })

  it('is an option of the generate command', () => {
    const r = parseArgs(['--rows', '10', '--out', '/tmp/x', '--planted-families', '3', '--planted-failure-step', 'family=1,from=2025-03-10,factor=4'])
    expect(r !== 'help' && (r.opts.planted as PlantedFamilies | undefined)?.opts.failureStep).toEqual({ family: 1, from: '2025-03-10', factor: 4 })
    expect(() => parseArgs(['--rows', '10', '--out', '/tmp/x', '--planted-failure-step', 'family=1,from=2025-03-10,factor=4'])).toThrow(/need --planted-families/)
    expect(() => parseArgs(['--rows', '10', '--out', '/tmp/x', '--planted-families', '3', '--planted-failure-step', 'model=a,from=2025-03-10,factor=4'])).toThrow(/unknown key "model"/)
  })
})
