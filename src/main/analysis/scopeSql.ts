/** Compiles a filter scope into a parameterised WHERE clause: values are bound, never spliced into SQL text. */
import { isMembershipDimension, SCOPE_DIMENSIONS, type Scope } from '../../shared/scope'
import type { SqlValue } from '../engine/engine'
import { membershipSql } from './clusterTables'

export interface CompiledScope {
  /** SQL boolean expression over the interactions table (alias-free column names); 'true' when empty */
  where: string
  params: SqlValue[]
}

/** Compiles a scope; column names come from a fixed list, only values become parameters. */
export function compileScope(scope: Scope | undefined, alias = ''): CompiledScope {
  const col = (c: string): string => (alias ? `${alias}.${c}` : c)
  const parts: string[] = []
  const params: SqlValue[] = []
  if (!scope) return { where: 'true', params }
  if (scope.from) {
    parts.push(`${col('timestamp_utc')} >= CAST(? AS TIMESTAMP)`)
    params.push(scope.from)
  }
  if (scope.to) {
    parts.push(`${col('timestamp_utc')} < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY`)
    params.push(scope.to)
  }
  for (const [dim, values] of Object.entries(scope.filters ?? {})) {
    if (!values || values.length === 0) continue
    // Keys are validated at the contract boundary; this guard keeps a bypass from reaching SQL text.
    if (!(SCOPE_DIMENSIONS as readonly string[]).includes(dim)) throw new Error(`unknown filter dimension: ${dim}`)
    if (isMembershipDimension(dim)) {
      const m = membershipSql(dim, col('rowid'), values)
      parts.push(m.sql)
      params.push(...m.params)
      continue
    }
    const nonNull = values.filter((v): v is string => v !== null)
    const ors: string[] = []
    if (nonNull.length) {
      ors.push(`${col(dim)} IN (${nonNull.map(() => '?').join(', ')})`)
      params.push(...nonNull)
    }
    if (nonNull.length !== values.length) ors.push(`${col(dim)} IS NULL`)
    parts.push(ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`)
  }
  if (scope.text) {
    parts.push(`contains(lower(coalesce(${col('request_text')}, '')), lower(?))`)
    params.push(scope.text)
  }
  if (scope.is_failure !== undefined) {
    parts.push(`${col('is_failure')} = ?`)
    params.push(scope.is_failure)
  }
  if (scope.window === 'history') parts.push(`${col('in_history')}`)
  else if (scope.window) {
    parts.push(`${col('win_role')} = ?`)
    params.push(scope.window)
  }
  return { where: parts.length ? parts.join(' AND ') : 'true', params }
}
