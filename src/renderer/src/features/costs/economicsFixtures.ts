/** Test fixtures of the Costs page's economics helpers: one use case re-priced on four models. */
import type { RepricedOption, SliceRepricing } from '../../../../shared/economics'

const opt = (model_name: string, cost: number, fail_rate: number | null, current_share: number): RepricedOption => ({
  model_provider: 'p',
  model_name,
  usd_per_1m_prompt: 1,
  usd_per_1m_completion: 2,
  cost,
  delta: cost - 10,
  fail_rate,
  support: 50,
  p95_latency: 1000,
  avg_quality: 0.8,
  current_share
})

// "coding": 100 requests, $10 now, 5% failing; served 60% by big, 40% by mid
export const SLICE: SliceRepricing = {
  use_case: 'coding',
  requests: 100,
  requests_priceable: 100,
  prompt_tokens: 1,
  completion_tokens: 1,
  observed_cost: 10,
  baseline_cost: 10,
  cost_at_table_prices: 10,
  requests_unpriced_model: 0,
  failures: 5,
  fail_rate: 0.05,
  options: [opt('small', 2, 0.09, 0), opt('mid', 6, 0.04, 0.4), opt('new', 7, null, 0), opt('big', 14, 0.05, 0.6)]
}

