/** Display names of the scope dimensions and how a filter value reads on screen. */
import type { ScopeDimension } from '../../../shared/scope'

export const DIMENSION_LABELS: Record<ScopeDimension, string> = {
  use_case: 'Use case',
  model_provider: 'Provider',
  model_name: 'Model',
  account_tier: 'Tier',
  channel: 'Channel',
  region: 'Region',
  segment: 'Segment',
  failure_type: 'Failure type',
  split: 'Split',
  user_id: 'User',
  session_id: 'Session',
  cluster: 'Cluster',
  map_selection: 'Map selection'
}

/** The dimensions the global filter bar offers, in order. */
export const FILTER_BAR_DIMENSIONS: readonly ScopeDimension[] = ['use_case', 'model_provider', 'model_name', 'account_tier', 'channel', 'region']

/** How a filter value reads: the null value (rows where the column is empty) shows as "(empty)". */
export function valueLabel(v: string | null): string {
  return v === null ? '(empty)' : v === '' ? '""' : v
}
