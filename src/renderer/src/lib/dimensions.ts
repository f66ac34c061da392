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
export const FILTER_BAR_DIMENSIONS: readonly ScopeDimension[] = ['use_case', 'model_provider', 'model_name', 'account_tier', 'channel', 'region', 'cluster']

/** How a filter value reads: the null value (rows where the column is empty) shows as "(empty)". */
export function valueLabel(v: string | null): string {
  return v === null ? '(empty)' : v === '' ? '""' : v
}

/**
 * How cluster and map-selection filter values read in chips: "#3 reset password" from the active
 * clusters' labels ("#3 (not in the current clusters)" when they changed), "#2" for a lasso.
 */
export function membershipValueText(labels: readonly string[] | null): (dim: ScopeDimension, value: string | null) => string | undefined {
  return (dim, value) => {
    if (value === null) return undefined
    if (dim === 'map_selection') return `lasso #${value}`
    if (dim !== 'cluster') return undefined
    if (!labels) return `#${value} (clusters not computed)`
    const label = labels[Number(value)]
    return label === undefined ? `#${value} (not in the current clusters)` : `#${value} ${label}`
  }
}

/** What the cluster filter's list says before clusters exist. */
export const CLUSTER_FILTER_EMPTY = 'Clusters are not computed yet: open the Clusters page (Investigate) to compute them.'
