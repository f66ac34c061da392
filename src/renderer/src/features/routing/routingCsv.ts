/** Pure rendering of routing_policy_use_case.csv and routing_backtest_summary.csv from a RoutingResult, in the artifact's columns and number format. */
import type { RoutingBacktest, RoutingBacktestSummary, RoutingPolicy, RoutingPolicyRow } from '../../../../shared/analysis'
import { routingBacktestCsv as sharedBacktestCsv, routingPolicyCsv as sharedPolicyCsv } from '../../../../shared/artifacts/analysisArtifacts'

export const ROUTING_POLICY_FILE = 'routing_policy_use_case.csv'
export const ROUTING_BACKTEST_FILE = 'routing_backtest_summary.csv'

export { ROUTING_BACKTEST_COLUMNS, ROUTING_POLICY_COLUMNS } from '../../../../shared/artifacts/analysisArtifacts'

/** routing_policy_use_case.csv for these rows, written by the CLI's own writer. */
export function routingPolicyCsv(rows: readonly RoutingPolicyRow[]): string {
  return sharedPolicyCsv({ rows: [...rows] } as RoutingPolicy)
}

/** routing_backtest_summary.csv for this summary, written by the CLI's own writer. */
export function routingBacktestCsv(summary: RoutingBacktestSummary): string {
  return sharedBacktestCsv({ summary } as RoutingBacktest)
}

/** File names for an export; a what-if gets its own names so it is never mistaken for the saved policy. */
export function routingExportNames(whatIf: boolean): { policy: string; backtest: string } {
  return whatIf
    ? { policy: ROUTING_POLICY_FILE.replace('.csv', '.what-if.csv'), backtest: ROUTING_BACKTEST_FILE.replace('.csv', '.what-if.csv') }
    : { policy: ROUTING_POLICY_FILE, backtest: ROUTING_BACKTEST_FILE }
}
