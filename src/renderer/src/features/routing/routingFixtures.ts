/** Test fixtures of the routing page: the notebook sample's backtest summary as our pipeline writes it. */
import { ROUTING_BACKTEST_NOTE, type RoutingBacktestSummary } from '../../../../shared/analysis'

// the notebook sample's routing_backtest_summary.csv as our pipeline writes it
export const SAMPLE_SUMMARY: RoutingBacktestSummary = {
  evaluation_window: "split == 'test'",
  requests: 359,
  use_cases_total: 5,
  use_cases_covered: 5,
  baseline_expected_fail_rate: 0.06685236768802229,
  policy_expected_fail_rate: 0.08037899890267577,
  fail_rate_delta_vs_baseline: 0.013526631214653487,
  baseline_expected_unit_cost: 3.7066831587743736,
  policy_expected_unit_cost: 4.186814718251457,
  unit_cost_delta_vs_baseline: 0.48013155947708297,
  baseline_total_expected_cost: 1330.699254,
  policy_total_expected_cost: 1503.0664838522728,
  total_expected_cost_delta_vs_baseline: 172.36722985227266,
  routing_status: 'candidate_failed_backtest',
  routing_recommendation: 'do_not_roll_out_keep_baseline',
  routing_max_fail_rate: 0.12,
  failure_business_cost: 40,
  sla_breach_penalty_usd: 5,
  use_cases_with_chosen_model_observed: 5,
  note: ROUTING_BACKTEST_NOTE
}
