import { describe, expect, it } from 'vitest'
import { EMPTY_PRICE_TABLE, type PriceRow } from '../../../../shared/economics'
import { applyDraft, draftErrors, parsePriceInput, withNewModel, withoutEntry } from './priceTableDraft'

describe('price table editing', () => {
  const rows: PriceRow[] = [{ model_provider: 'p', model_name: 'm', requests: 5, usd_per_1m_prompt: 1, usd_per_1m_completion: 2, source: 'estimated', estimate: null }]
  const key = '["p","m"]'

  it('validates typed prices and saves them as operator entries', () => {
    expect(parsePriceInput(' $2.5 ')).toEqual({ value: 2.5 })
    expect(parsePriceInput('-1')).toEqual({ error: 'a number of dollars, 0 or more' })
    expect(draftErrors({ [key]: { prompt: 'x', completion: '' } })).toEqual({ [key]: 'prompt: a number of dollars, 0 or more; completion: enter a price' })
    expect(applyDraft(EMPTY_PRICE_TABLE, rows, { [key]: { prompt: 'x', completion: '1' } })).toBeNull()
    const t = applyDraft(EMPTY_PRICE_TABLE, rows, { [key]: { prompt: '3', completion: '4' } })!
    expect(t.entries).toEqual([{ model_provider: 'p', model_name: 'm', usd_per_1m_prompt: 3, usd_per_1m_completion: 4 }])
    expect(withoutEntry(t, { model_provider: 'p', model_name: 'm' }).entries).toEqual([])
  })

  it('adds a model the data does not have', () => {
    const r = withNewModel(EMPTY_PRICE_TABLE, '', 'next-model', '0.1', '0.4')
    expect('table' in r && r.table.entries).toEqual([{ model_provider: null, model_name: 'next-model', usd_per_1m_prompt: 0.1, usd_per_1m_completion: 0.4 }])
    expect(withNewModel(EMPTY_PRICE_TABLE, 'p', ' ', '1', '1')).toEqual({ error: 'name the model' })
    expect(withNewModel(EMPTY_PRICE_TABLE, 'p', 'x', '1', 'abc')).toEqual({ error: 'completion price: a number of dollars, 0 or more' })
  })
})
