/** The option source of the filter bar: distinct values (with counts) of one dimension under a scope, through the shared cache. */
import type { DistinctValue } from '../../../shared/explorer'
import type { Scope, ScopeDimension } from '../../../shared/scope'
import { fetchCached } from './useQuery'

/** At most this many values per dimension are offered; a typed value covers the rest. */
export const OPTION_LIMIT = 200

export function loadDimensionOptions(dimension: ScopeDimension, scope: Scope): Promise<DistinctValue[]> {
  return fetchCached('distinctValues', { dimension, scope, limit: OPTION_LIMIT })
}
