/** Test support for the sampling tests: a deterministic table of LLM requests with failures, keep-for-sure rows, a rare slice and a few rows without an id. */
import type { FixtureRow } from './testTable'

/** mulberry32: the same rows on every engine and run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const SAMPLING_DAYS = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05']

/**
 * `n` requests over 5 days: models m1, m2 over use cases chat, code (the bulk), and a rare slice m3 / rag
 * of 2 rows a day. About 6% failures, 1% safety blocks, 1% timeouts, 4% SLA breaches (latency > 2200),
 * 3% hallucinations; 3 rows have no interaction_id.
 */
export function samplingRows(n = 3000, seed = 5): FixtureRow[] {
  const rand = rng(seed)
  const rows: FixtureRow[] = []
  for (let i = 0; i < n; i++) {
    const rare = i % 500 < 2
    const day = SAMPLING_DAYS[Math.floor((i / n) * SAMPLING_DAYS.length)]
    const fail = rand() < 0.06
    const breach = rand() < 0.04
    rows.push({
      interaction_id: i % 997 === 5 ? null : `INT${String(i).padStart(6, '0')}`,
      timestamp_utc: `${day} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
      model_provider: rare ? 'p3' : i % 2 ? 'p1' : 'p2',
      model_name: rare ? 'm3' : i % 2 ? 'm1' : 'm2',
      use_case: rare ? 'rag' : i % 3 ? 'chat' : 'code',
      account_tier: i % 4 ? 'pro' : 'free',
      is_failure: fail,
      failure_type: fail ? 'timeout' : 'none',
      safety_block_flag: rand() < 0.01,
      latency_timeout_flag: rand() < 0.01,
      hallucination_flag: rand() < 0.03,
      latency_ms: i % 89 === 0 ? null : breach ? 2300 + Math.round(rand() * 3000) : 200 + Math.round(rand() * 1900),
      cost_usd: i % 71 === 0 ? null : Math.round(rand() * 2e5) / 1e7,
      total_tokens: 100 + Math.round(rand() * 900),
      request_text: 'x'.repeat(20 + Math.round(rand() * 200)),
      in_history: true
    })
  }
  return rows
}
