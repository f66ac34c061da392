/** pii_findings.csv (PIPELINE.md section 12): one row per finding, never the raw value. */
import type { PiiFinding } from '../pii'
import { toCsv, type CsvCell } from './csv'

export const PII_FINDINGS_FILE = 'pii_findings.csv'

/** The columns in order: the contract's five, then rule, score and the masked preview. */
export const PII_FINDINGS_COLUMNS = ['interaction_id', 'field', 'entity_type', 'start', 'end', 'rule', 'score', 'preview'] as const

export function piiFindingsCsv(rows: readonly PiiFinding[]): string {
  return toCsv(PII_FINDINGS_COLUMNS, rows as unknown as Record<string, CsvCell>[], new Set(['score']))
}
