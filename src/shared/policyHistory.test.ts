import { describe, expect, it } from 'vitest'
import type { RoutingPolicyRow } from './analysis'
import { diffPolicyVersions, type PolicyVersion } from './policyHistory'

function row(use_case: string, model_name: string, policy_mode: RoutingPolicyRow['policy_mode'], model_provider = 'openai'): RoutingPolicyRow {
  return { use_case, model_provider, model_name, requests: 80, fail_rate: 0.02, p95_latency: 2000, sla_breach_rate: 0.1, avg_cost: 0.002, expected_unit_cost: 1, policy_mode }
}

function version(o: Partial<PolicyVersion>): PolicyVersion {
  return { id: 'v', kind: 'routing', created: '2025-01-01T00:00:00Z', label: '', knobs: {}, data_hashes: [], scope: {}, content: null, summary: {}, files: [], ...o }
}

describe('diffPolicyVersions', () => {
  it('routing: use cases changed, metric deltas, words, knobs and data', () => {
    const a = version({
      content: { rows: [row('coding', 'gpt', 'strict'), row('qa', 'gpt', 'relax_1'), row('legal', 'gpt', 'strict')] },
      summary: { policy_expected_unit_cost: 2.5, policy_expected_fail_rate: 0.04, routing_status: 'candidate_mixed', requests: 300 },
      knobs: { SLA_MS: 2200, FAIL_BUDGET: 0.02 },
      data_hashes: [{ table: 'interactions', file: 'a.csv', sha256: 'aa', rows: 10 }]
    })
    const b = version({
      content: { rows: [row('coding', 'claude', 'strict', 'anthropic'), row('qa', 'gpt', 'relax_2'), row('search', 'gpt', 'strict')] },
      summary: { policy_expected_unit_cost: 2.0, policy_expected_fail_rate: 0.05, routing_status: 'candidate_improves', requests: 300 },
      knobs: { SLA_MS: 2500, FAIL_BUDGET: 0.02 },
      data_hashes: [{ table: 'interactions', file: 'a.csv', sha256: 'aa', rows: 10 }]
    })
    const d = diffPolicyVersions(a, b)
    expect(d.rows).toEqual([
      { key: 'coding', change: 'changed', before: 'openai / gpt (strict)', after: 'anthropic / claude (strict)' },
      { key: 'legal', change: 'removed', before: 'openai / gpt (strict)', after: null },
      { key: 'qa', change: 'changed', before: 'openai / gpt (relax_1)', after: 'openai / gpt (relax_2)' },
      { key: 'search', change: 'added', before: null, after: 'openai / gpt (strict)' }
    ])
    expect(d.rows_changed).toBe(4)
    expect(d.metrics).toEqual([
      { name: 'policy_expected_fail_rate', before: 0.04, after: 0.05, delta: 0.05 - 0.04 },
      { name: 'policy_expected_unit_cost', before: 2.5, after: 2.0, delta: -0.5 },
      { name: 'requests', before: 300, after: 300, delta: 0 }
    ])
    expect(d.words).toEqual([{ name: 'routing_status', before: 'candidate_mixed', after: 'candidate_improves' }])
    expect(d.knobs).toEqual([{ name: 'SLA_MS', before: 2200, after: 2500 }])
    expect(d.data_changed).toBe(false)
  })

  it('triage threshold: threshold, operator choice and mode rows', () => {
    const a = version({ kind: 'triage_threshold', content: { threshold: 0.35, operator_threshold: null, operating_mode: 'cost_optimal', capacity_infeasible: false }, summary: { expected_cost: 1000, precision: 0.5 }, data_hashes: [{ table: 'interactions', file: 'a', sha256: '1', rows: 1 }] })
    const b = version({ kind: 'triage_threshold', content: { threshold: 0.35, operator_threshold: 0.4, operating_mode: 'capacity_bound', capacity_infeasible: true }, summary: { expected_cost: 900, precision: null }, data_hashes: [{ table: 'interactions', file: 'a', sha256: '2', rows: 1 }] })
    const d = diffPolicyVersions(a, b)
    expect(d.rows).toEqual([
      { key: 'threshold', change: 'same', before: '0.35', after: '0.35' },
      { key: 'operator threshold', change: 'changed', before: 'as chosen', after: '0.40' },
      { key: 'operating mode', change: 'changed', before: 'cost_optimal', after: 'capacity_bound' }
    ])
    expect(d.rows_changed).toBe(2)
    expect(d.metrics).toEqual([
      { name: 'expected_cost', before: 1000, after: 900, delta: -100 },
      { name: 'precision', before: 0.5, after: null, delta: null }
    ])
    expect(d.data_changed).toBe(true)
  })

  it('a kind without a differ of its own (a newer app’s) compares the content whole', () => {
    const a = version({ kind: 'retention', content: { keep: 0.1 } })
    const same = diffPolicyVersions(a, version({ kind: 'retention', content: { keep: 0.1 } }))
    expect(same.rows).toEqual([{ key: 'policy', change: 'same', before: '{"keep":0.1}', after: '{"keep":0.1}' }])
    expect(diffPolicyVersions(a, version({ kind: 'retention', content: { keep: 0.2 } })).rows_changed).toBe(1)
  })

  it('refuses to compare two kinds', () => {
    expect(() => diffPolicyVersions(version({}), version({ kind: 'triage_threshold' }))).toThrow(/routing version with a triage_threshold/)
  })
})

describe('diffPolicyVersions: sampling', () => {
  it('compares the budget, the settings and each rule by id', () => {
    const policy = (rate: number, extra: { id: string; rate: number }[] = []) => ({
      budget: { kind: 'keep_share', share: 0.2 },
      knobs: { min_rate: 0.01 },
      rules: [{ id: 'failures', rate: 1 }, { id: 'default', rate }, ...extra]
    })
    const d = diffPolicyVersions(version({ kind: 'sampling', content: policy(0.1) }), version({ kind: 'sampling', content: policy(0.15, [{ id: 'timeouts', rate: 1 }]) }))
    expect(d.rows.map((r) => [r.key, r.change])).toEqual([
      ['budget', 'same'],
      ['settings', 'same'],
      ['failures', 'same'],
      ['default', 'changed'],
      ['timeouts', 'added']
    ])
    expect(d.rows_changed).toBe(2)
  })
})
