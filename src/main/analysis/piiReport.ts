/** What the Privacy page and the `pii` command read from the findings table: summaries by type, field, model, use case and day within a scope, pages of findings, the export rows. */
import { PII_RESPONSE_FIELD, type PiiCount, type PiiFinding, type PiiFindingsPage, type PiiScanStatus, type PiiSummary } from '../../shared/pii'
import type { Scope } from '../../shared/scope'
import type { Engine, SqlValue } from '../engine/engine'
import { ident } from '../ingest/sql'
import { ensurePiiTable, PII_TABLE, piiScanState } from './piiScan'
import { compileScope } from './scopeSql'

/** Findings whose interaction is in scope (`f` = findings, `i` = interactions), optionally of some types and fields. */
function findingsInScope(scope: Scope, types?: readonly string[], fields?: readonly string[]): { from: string; params: SqlValue[] } {
  const s = compileScope(scope, 'i')
  const parts = [s.where]
  const params: SqlValue[] = [...s.params]
  if (types?.length) {
    parts.push(`f.entity_type IN (${types.map(() => '?').join(', ')})`)
    params.push(...types)
  }
  if (fields?.length) {
    parts.push(`f.field IN (${fields.map(() => '?').join(', ')})`)
    params.push(...fields)
  }
  return { from: `${PII_TABLE} f JOIN interactions i ON i.rowid = f.row_id WHERE ${parts.join(' AND ')}`, params }
}

export async function scanStatus(engine: Engine, scanColumns: readonly string[]): Promise<PiiScanStatus> {
  await ensurePiiTable(engine)
  const state = piiScanState(engine)
  const [{ rows }] = await engine.all<{ rows: number }>('SELECT count(*)::BIGINT AS rows FROM interactions')
  const [{ findings }] = await engine.all<{ findings: number }>(`SELECT count(*)::BIGINT AS findings FROM ${PII_TABLE}`)
  return {
    scannedFields: [...state.scannedFields],
    pendingFields: scanColumns.filter((c) => !state.scannedFields.has(c)),
    rows,
    findings,
    lastScanMs: state.lastScanMs,
    lastScanAt: state.lastScanAt
  }
}

export async function piiSummary(engine: Engine, scope: Scope, status: PiiScanStatus): Promise<PiiSummary> {
  const { from, params } = findingsInScope(scope)
  const sc = compileScope(scope)
  const counts = (key: string): Promise<PiiCount[]> =>
    engine.all<{ key: string; findings: number; rows: number }>(
      `SELECT coalesce(CAST(${key} AS VARCHAR), 'unknown') AS key, count(*)::BIGINT AS findings, count(DISTINCT f.row_id)::BIGINT AS rows FROM ${from} GROUP BY 1 ORDER BY findings DESC, key`,
      params
    )
  const resp = ident(PII_RESPONSE_FIELD)
  const [tot] = await engine.all<{ interactions: number; responses: number }>(
    `SELECT count(*)::BIGINT AS interactions, count(*) FILTER (WHERE ${resp} IS NOT NULL AND ${resp} <> '')::BIGINT AS responses FROM interactions WHERE ${sc.where}`,
    sc.params
  )
  const [agg] = await engine.all<{ findings: number; rows: number; leaking: number }>(
    `SELECT count(*)::BIGINT AS findings, count(DISTINCT f.row_id)::BIGINT AS rows, count(DISTINCT f.row_id) FILTER (WHERE f.field = ?)::BIGINT AS leaking FROM ${from}`,
    [PII_RESPONSE_FIELD, ...params]
  )
  const byTypeField = await engine.all<{ entity_type: string; field: string; findings: number; rows: number }>(
    `SELECT f.entity_type, f.field, count(*)::BIGINT AS findings, count(DISTINCT f.row_id)::BIGINT AS rows FROM ${from} GROUP BY 1, 2 ORDER BY 1, 2`,
    params
  )
  const byDay = await engine.all<{ day: string; entity_type: string; findings: number; rows: number }>(
    `SELECT strftime(i.timestamp_utc, '%Y-%m-%d') AS day, f.entity_type, count(*)::BIGINT AS findings, count(DISTINCT f.row_id)::BIGINT AS rows
     FROM ${from} AND i.timestamp_utc IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    params
  )
  return {
    status,
    interactions: tot.interactions,
    findings: agg.findings,
    rows_with_findings: agg.rows,
    responses: tot.responses,
    responses_with_findings: status.scannedFields.includes(PII_RESPONSE_FIELD) ? agg.leaking : 0,
    by_type: await counts('f.entity_type'),
    by_field: await counts('f.field'),
    by_type_field: byTypeField,
    by_model: await counts('i.model_name'),
    by_use_case: await counts('i.use_case'),
    by_day: byDay
  }
}

const FINDING_SELECT = `f.interaction_id, f.field, f.entity_type, f.start, f."end", f.rule, f.score, f.preview`

export async function piiFindingsPage(engine: Engine, req: { scope: Scope; types?: string[]; fields?: string[]; offset: number; limit: number }): Promise<PiiFindingsPage> {
  const { from, params } = findingsInScope(req.scope, req.types, req.fields)
  const [{ total }] = await engine.all<{ total: number }>(`SELECT count(*)::BIGINT AS total FROM ${from}`, params)
  const rows = await engine.all<PiiFindingsPage['rows'][number] & Record<string, SqlValue>>(
    `SELECT ${FINDING_SELECT}, strftime(i.timestamp_utc, '%Y-%m-%dT%H:%M:%SZ') AS timestamp_utc, i.model_name, i.use_case
     FROM ${from} ORDER BY (f.field = ?) DESC, f.row_id, f.field, f.start LIMIT ? OFFSET ?`,
    [...params, PII_RESPONSE_FIELD, req.limit, req.offset]
  )
  return { total, rows }
}

/** Every finding in scope in file order (row, then field in table order, then position): the rows of pii_findings.csv. */
export async function piiFindingsForExport(engine: Engine, scope: Scope, fieldOrder: readonly string[]): Promise<PiiFinding[]> {
  const { from, params } = findingsInScope(scope)
  const order = fieldOrder.length ? `CASE f.field ${fieldOrder.map((_, k) => `WHEN ? THEN ${k}`).join(' ')} ELSE ${fieldOrder.length} END` : '0'
  return engine.all<PiiFinding & Record<string, SqlValue>>(`SELECT ${FINDING_SELECT} FROM ${from} ORDER BY f.row_id, ${order}, f.field, f.start`, [...params, ...fieldOrder])
}
