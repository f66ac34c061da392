/** Builds the one-pass SELECT that turns a raw interactions file (text, or typed by the reader) into the canonical, normalised table. */
import { COLUMN_ALIASES, type ColumnType, INTERACTION_COLUMNS, OPTIONAL_INTERACTION_COLUMNS } from '../../shared/schema'
import { ident } from './sql'

export interface SourceColumn {
  /** the identifier DuckDB gave the column (duplicates get a suffix) */
  name: string
  /** the header text as written in the file */
  header: string
}

/**
 * A type the CSV reader itself can give a source column without changing the result. The reader
 * parses DOUBLE and BOOLEAN with the very functions TRY_CAST uses (TryDoubleCast and
 * TryCastStringBool, non-strict), after the same NULL test, so a value it accepts has the value
 * the text expressions below would give it, and a value it refuses fails the whole typed read
 * (the caller then reads all columns as text). Timestamps are never typed: the reader ignores a
 * non-zero UTC offset, which timestampExpr applies.
 */
export type ReaderType = 'DOUBLE' | 'BOOLEAN'

export interface NormalisePlan {
  selectList: string
  /** source column (DuckDB's name) -> the type the reader gives it; every other column is read as text */
  readerTypes: Map<string, ReaderType>
  /** canonical -> source header, for renamed columns only */
  mapping: Record<string, string>
  unknown: string[]
  duplicates: string[]
  derived: string[]
  /** canonical columns the file provides (directly or by alias) */
  present: string[]
}

const TRUE_WORDS = ['true', '1', 'yes', 'y', 't']
const FALSE_WORDS = ['false', '0', 'no', 'n', 'f']

/**
 * `v IN (words)` written as equalities (same three-valued result): DuckDB plans an IN list of five
 * constants as a join, which loses the file's row order on a parallel load.
 */
function oneOf(v: string, words: readonly string[]): string {
  return '(' + words.map((w) => `${v} = '${w}'`).join(' OR ') + ')'
}

/** A numeric value: unparseable, NaN and +/-inf become null. */
export function numericExpr(src: string): string {
  return `(CASE WHEN isfinite(TRY_CAST(${src} AS DOUBLE)) THEN TRY_CAST(${src} AS DOUBLE) END)`
}

/** A flag: true words or any non-zero number; everything else (null, empty, unknown words) false. */
export function flagExpr(src: string): string {
  const v = `lower(trim(${src}))`
  const slow = `(coalesce(${oneOf(v, TRUE_WORDS)}, false) OR coalesce(TRY_CAST(${v} AS DOUBLE) <> 0 AND NOT isnan(TRY_CAST(${v} AS DOUBLE)), false))`
  // The spellings dumps actually use are decided without trimming, lower-casing or parsing.
  return `(CASE ${src} WHEN 'False' THEN false WHEN 'True' THEN true WHEN 'false' THEN false WHEN 'true' THEN true WHEN '0' THEN false WHEN '1' THEN true ELSE ${slow} END)`
}

/** is_failure as parsed: true / false, or null when missing or unrecognised. */
export function failureRawExpr(src: string): string {
  const v = `lower(trim(${src}))`
  return `(CASE WHEN ${oneOf(v, TRUE_WORDS)} THEN true WHEN ${oneOf(v, FALSE_WORDS)} THEN false WHEN NOT isnan(TRY_CAST(${v} AS DOUBLE)) THEN TRY_CAST(${v} AS DOUBLE) <> 0 END)`
}

/**
 * An ISO 8601 timestamp in UTC: `T` or space, optional fraction, `Z` or a numeric offset, which is
 * applied. Written without ICU so both engines agree.
 */
export function timestampExpr(src: string): string {
  const s = `trim(${src})`
  // A non-zero numeric offset must be applied; `Z`, `+00:00` and no offset cast directly (the common,
  // cheap path: a few character tests, no pattern matching).
  // A date and a time take at least 16 characters, so an offset sign can only sit past them.
  const colonOffset = `(substr(${s}, -6, 1) IN ('+', '-') AND substr(${s}, -3, 1) = ':' AND length(${s}) >= 22 AND right(${s}, 5) <> '00:00')`
  const plainOffset = `(substr(${s}, -5, 1) IN ('+', '-') AND length(${s}) >= 21 AND right(${s}, 4) <> '0000')`
  const shifted = (len: number): string => {
    const body = `TRY_CAST(left(${s}, length(${s}) - ${len}) AS TIMESTAMP)`
    const minutes = `(TRY_CAST(substr(${s}, length(${s}) - ${len} + 2, 2) AS INTEGER) * 60 + TRY_CAST(right(${s}, 2) AS INTEGER))`
    const sign = `(CASE WHEN substr(${s}, length(${s}) - ${len} + 1, 1) = '-' THEN -1 ELSE 1 END)`
    return `${body} - to_minutes(CAST(${sign} * ${minutes} AS BIGINT))`
  }
  const general = `(CASE WHEN ${colonOffset} THEN ${shifted(6)} WHEN ${plainOffset} THEN ${shifted(5)} ELSE TRY_CAST(${s} AS TIMESTAMP) END)`
  // UTC written as `+00:00` or `Z` (what exports write) casts as it is: the general expression
  // sends such text to its last branch, and the cast skips the leading whitespace trim removes.
  // A byte comparison instead of a dozen character-counting string functions: a third of the CPU.
  return `(CASE WHEN suffix(${src}, '+00:00') OR suffix(${src}, 'Z') THEN TRY_CAST(${src} AS TIMESTAMP) ELSE ${general} END)`
}

/**
 * Lower-cased, trimmed text, empty as null; the `common` values (already in that form) are
 * recognised by one comparison each, without building a lower-cased copy.
 */
export function lowerTrimExpr(src: string, common: readonly string[]): string {
  const slow = `NULLIF(lower(trim(${src})), '')`
  if (common.length === 0) return slow
  return `(CASE ${src} ${common.map((w) => `WHEN '${w}' THEN '${w}'`).join(' ')} ELSE ${slow} END)`
}

/** The values of the lower-cased text columns most rows carry (the fast path of lowerTrimExpr). */
const COMMON_TEXT: Record<string, readonly string[]> = { split: ['train', 'val', 'test'], failure_type: ['none'] }

/** The reader type a canonical column of this type may be read as, given what the sniffer saw in the sample. */
export function readerTypeFor(type: ColumnType, sniffed: string | undefined): ReaderType | null {
  if (sniffed === undefined) return null
  // Typing a column the sample says is text would only make the typed read fail and be redone.
  if (type === 'double' && /^(BIGINT|DOUBLE|INTEGER|SMALLINT|TINYINT|HUGEINT|FLOAT)$/.test(sniffed)) return 'DOUBLE'
  if (type === 'flag' && sniffed === 'BOOLEAN') return 'BOOLEAN'
  return null
}

function canonicalExpr(type: ColumnType, src: string | null, column: string, typed: boolean): string {
  if (src === null) {
    if (type === 'flag') return 'false'
    if (type === 'double') return 'CAST(NULL AS DOUBLE)'
    if (type === 'timestamp') return 'CAST(NULL AS TIMESTAMP)'
    return 'CAST(NULL AS VARCHAR)'
  }
  switch (type) {
    case 'double':
      // Typed by the reader: TRY_CAST's value already; only +/-inf and NaN still become null.
      return typed ? `(CASE WHEN isfinite(${src}) THEN ${src} END)` : numericExpr(src)
    case 'flag':
      // Typed by the reader: true/t/y/yes/1 or false/f/n/no/0 in any case, or null (empty).
      return typed ? `coalesce(${src}, false)` : flagExpr(src)
    case 'timestamp':
      return timestampExpr(src)
    case 'text':
      if (column in COMMON_TEXT) return lowerTrimExpr(src, COMMON_TEXT[column])
      return src
  }
}

/**
 * Plans the canonical select over the source columns: aliasing, typing, derived columns, extras kept.
 * With `sniffedTypes` (DuckDB's name -> the sniffer's type), the numeric and flag columns whose sample
 * parses are planned as typed by the reader (`readerTypes`); without it, every column is text.
 */
export function planInteractions(columns: readonly SourceColumn[], sniffedTypes?: ReadonlyMap<string, string>): NormalisePlan {
  const byCanonical = new Map<string, SourceColumn>()
  const duplicates: string[] = []
  const seen = new Set<string>()
  const direct: SourceColumn[] = []
  for (const col of columns) {
    const key = col.header.trim().toLowerCase()
    if (seen.has(key)) {
      duplicates.push(col.header)
      continue
    }
    seen.add(key)
    direct.push(col)
    if (key in INTERACTION_COLUMNS || key in OPTIONAL_INTERACTION_COLUMNS) byCanonical.set(key, col)
  }
  const mapping: Record<string, string> = {}
  const unknown: SourceColumn[] = []
  for (const col of direct) {
    const key = col.header.trim().toLowerCase()
    if (key in INTERACTION_COLUMNS || key in OPTIONAL_INTERACTION_COLUMNS || key === 'is_failure_was_missing') continue
    const target = COLUMN_ALIASES[key]
    if (target && !byCanonical.has(target)) {
      byCanonical.set(target, col)
      mapping[target] = col.header
    } else {
      unknown.push(col)
    }
  }

  const readerTypes = new Map<string, ReaderType>()
  const exprs = new Map<string, string>()
  for (const [column, type] of Object.entries(INTERACTION_COLUMNS)) {
    const src = byCanonical.get(column)
    const readerType = src ? readerTypeFor(type, sniffedTypes?.get(src.name)) : null
    if (src && readerType) readerTypes.set(src.name, readerType)
    exprs.set(column, canonicalExpr(type, src ? ident(src.name) : null, column, readerType !== null))
  }
  // Optional canonical columns join the table only when the source has them.
  for (const [column, type] of Object.entries(OPTIONAL_INTERACTION_COLUMNS)) {
    const src = byCanonical.get(column)
    if (!src) continue
    const readerType = readerTypeFor(type, sniffedTypes?.get(src.name))
    if (readerType) readerTypes.set(src.name, readerType)
    exprs.set(column, canonicalExpr(type, ident(src.name), column, readerType !== null))
  }
  const derived: string[] = []
  if (!byCanonical.has('tokens_per_second') && byCanonical.has('total_tokens') && byCanonical.has('latency_ms')) {
    const lat = exprs.get('latency_ms')
    exprs.set('tokens_per_second', `(${exprs.get('total_tokens')} / (NULLIF(${lat}, 0) / 1000.0))`)
    derived.push('tokens_per_second')
  }
  if (!byCanonical.has('prompt_to_completion_ratio') && byCanonical.has('prompt_tokens') && byCanonical.has('completion_tokens')) {
    exprs.set(
      'prompt_to_completion_ratio',
      `(round_even(${exprs.get('prompt_tokens')}, 0) / NULLIF(round_even(${exprs.get('completion_tokens')}, 0), 0))`
    )
    derived.push('prompt_to_completion_ratio')
  }
  const failSrc = byCanonical.get('is_failure')
  // A reader-typed is_failure is already true, false or null (missing); no other value gets through.
  const raw = failSrc ? (readerTypes.has(failSrc.name) ? ident(failSrc.name) : failureRawExpr(ident(failSrc.name))) : 'CAST(NULL AS BOOLEAN)'
  const failureTypeForFill = `coalesce(${exprs.get('failure_type')}, 'none')`
  exprs.set('is_failure', `coalesce(${raw}, ${failureTypeForFill} <> 'none')`)
  exprs.set('is_failure_was_missing', `(${raw} IS NULL)`)

  const select = [...exprs.entries()].map(([c, e]) => `${e} AS ${ident(c)}`)
  // Extra columns keep their names, except names the table reserves for its own columns.
  const reserved = new Set([...exprs.keys(), 'in_history', 'win_role'])
  for (const col of unknown) {
    const name = col.header.trim() || col.name
    select.push(`${ident(col.name)} AS ${ident(reserved.has(name.toLowerCase()) ? `${name}_source` : name)}`)
  }
  return {
    selectList: select.join(',\n  '),
    readerTypes,
    mapping,
    unknown: unknown.map((c) => c.header),
    duplicates,
    derived,
    present: [...byCanonical.keys()]
  }
}
