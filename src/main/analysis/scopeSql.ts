/** Compiles a filter scope into a parameterised WHERE clause: values are bound, never spliced into SQL text. */
import { isMembershipDimension, SCOPE_DIMENSIONS, type Scope } from '../../shared/scope'
import { UNREVIEWED } from '../../shared/annotations'
import type { SqlValue } from '../engine/engine'
import { ANNOTATION_TABLE } from '../workspace/annotationTable'
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
  if (scope.pii) {
    // rows with a finding in the PII findings table (pii_findings, keyed by the interactions rowid)
    const conds: string[] = []
    for (const [column, values] of [['entity_type', scope.pii.types], ['field', scope.pii.fields]] as const) {
      if (!values?.length) continue
      conds.push(`${column} IN (${values.map(() => '?').join(', ')})`)
      params.push(...values)
    }
    parts.push(`${col('rowid')} IN (SELECT row_id FROM pii_findings${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''})`)
  }
  if (scope.window === 'history') parts.push(`${col('in_history')}`)
  else if (scope.window) {
    parts.push(`${col('win_role')} = ?`)
    params.push(scope.window)
  }
  if (scope.annotation?.length) {
    // The table mirrors the workspace's annotations and exists from dataset load, so this never fails.
    const statuses = scope.annotation.filter((s) => s !== UNREVIEWED)
    const ors: string[] = []
    if (statuses.length) {
      ors.push(`${col('interaction_id')} IN (SELECT interaction_id FROM ${ANNOTATION_TABLE} WHERE status IN (${statuses.map(() => '?').join(', ')}))`)
      params.push(...statuses)
    }
    if (statuses.length !== scope.annotation.length) {
      ors.push(`(${col('interaction_id')} IS NULL OR ${col('interaction_id')} NOT IN (SELECT interaction_id FROM ${ANNOTATION_TABLE}))`)
    }
    parts.push(ors.length === 1 ? ors[0] : `(${ors.join(' OR ')})`)
  }
  return { where: parts.length ? parts.join(' AND ') : 'true', params }
}
