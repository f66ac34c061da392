/** The Costs page's re-pricing what-if in its URL parameters (use case, target model or custom price, share moved, volume), so a what-if can be linked; read defensively, written canonically. */
import { MAX_PRICE_PER_1M, MAX_VOLUME, MIN_VOLUME, type RepriceTarget, type RoutingChange } from '../../../../shared/economics'

export const WHAT_IF_PARAMS = {
  useCase: 'rp.uc',
  model: 'rp.model',
  provider: 'rp.provider',
  prompt: 'rp.pp',
  completion: 'rp.pc',
  share: 'rp.share',
  volume: 'vol'
} as const

export interface WhatIfState {
  /** the use case re-priced; null: the whole scope */
  useCase: string | null
  target: RepriceTarget | null
  /** share of the use case's requests moved, 0..1 */
  share: number
  /** volume multiplier of the operator's scenario */
  volume: number
}

export const DEFAULT_WHAT_IF: WhatIfState = { useCase: null, target: null, share: 1, volume: 1 }

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/** The what-if in the URL; anything invalid falls back to the default rather than failing. */
export function readWhatIf(params: Record<string, string>): WhatIfState {
  const useCase = params[WHAT_IF_PARAMS.useCase] || null
  let target: RepriceTarget | null = null
  const model = params[WHAT_IF_PARAMS.model]
  if (model) {
    target = { kind: 'model', model_provider: params[WHAT_IF_PARAMS.provider] || null, model_name: model }
  } else {
    const p = num(params[WHAT_IF_PARAMS.prompt])
    const c = num(params[WHAT_IF_PARAMS.completion])
    if (p !== null && c !== null && p >= 0 && c >= 0 && p <= MAX_PRICE_PER_1M && c <= MAX_PRICE_PER_1M) target = { kind: 'custom', usd_per_1m_prompt: p, usd_per_1m_completion: c }
  }
  const shareRaw = num(params[WHAT_IF_PARAMS.share])
  const share = shareRaw !== null && shareRaw >= 0 && shareRaw <= 100 ? shareRaw / 100 : 1
  const volRaw = num(params[WHAT_IF_PARAMS.volume])
  const volume = volRaw !== null && volRaw >= MIN_VOLUME && volRaw <= MAX_VOLUME ? volRaw : 1
  return { useCase, target, share, volume }
}

/** The what-if as URL parameters (defaults left out). */
export function whatIfParams(s: WhatIfState): Record<string, string> {
  const out: Record<string, string> = {}
  if (s.useCase) out[WHAT_IF_PARAMS.useCase] = s.useCase
  if (s.target?.kind === 'model') {
    out[WHAT_IF_PARAMS.model] = s.target.model_name
    if (s.target.model_provider) out[WHAT_IF_PARAMS.provider] = s.target.model_provider
  } else if (s.target?.kind === 'custom') {
    out[WHAT_IF_PARAMS.prompt] = String(s.target.usd_per_1m_prompt)
    out[WHAT_IF_PARAMS.completion] = String(s.target.usd_per_1m_completion)
  }
  if (s.share !== 1) out[WHAT_IF_PARAMS.share] = String(Math.round(s.share * 1000) / 10)
  if (s.volume !== 1) out[WHAT_IF_PARAMS.volume] = String(s.volume)
  return out
}

/** The page's other parameters with the what-if replaced. */
export function withWhatIf(params: Record<string, string>, s: WhatIfState): Record<string, string> {
  const out: Record<string, string> = {}
  const own = new Set<string>(Object.values(WHAT_IF_PARAMS))
  for (const [k, v] of Object.entries(params)) if (!own.has(k)) out[k] = v
  return { ...out, ...whatIfParams(s) }
}

/** The routing change the what-if describes, or null without a target. */
export function changeOf(s: WhatIfState): RoutingChange | null {
  return s.target ? { use_case: s.useCase, target: s.target, share: s.share } : null
}

/** The what-if realising a routing change (a savings idea's "try it"). */
export function whatIfFromChange(change: RoutingChange, volume = 1): WhatIfState {
  return { useCase: change.use_case, target: change.target, share: change.share, volume }
}
