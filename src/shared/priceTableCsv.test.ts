import { describe, expect, it } from 'vitest'
import type { PriceRow } from './economics'
import { formatPriceCsv, mergePriceEntries, parseCsvRecords, parsePriceCsv } from './priceTableCsv'

describe('parseCsvRecords', () => {
  it('reads quotes, doubled quotes and newlines inside quotes, with the line each record starts on', () => {
    const r = parseCsvRecords('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n')
    expect(r).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] }
    ])
    expect(() => parseCsvRecords('a\n"open')).toThrow('line 2: a quoted field is never closed')
  })
})

describe('parsePriceCsv', () => {
  it('reads good rows and names every bad one with its line and reason', () => {
    const csv = [
      'model_provider,model_name,usd_per_1m_prompt,usd_per_1m_completion,source',
      'openai,gpt-4o,2.5,10,operator',
      ',local-8b,$0.05,0.05,x',
      '',
      'openai,gpt-4o,3,12,dup',
      'anthropic,,3,15,x',
      'anthropic,claude,abc,15,x',
      'anthropic,haiku,-1,1.25,x',
      'google,flash,0x10,1e400,x',
      'google,pro,1.25,5',
      'mistral,large,200000,6,x',
      'meta,llama,0.88,8.8e-1,x'
    ].join('\n')
    const r = parsePriceCsv(csv)
    expect(r.entries).toEqual([
      { model_provider: 'openai', model_name: 'gpt-4o', usd_per_1m_prompt: 2.5, usd_per_1m_completion: 10 },
      { model_provider: null, model_name: 'local-8b', usd_per_1m_prompt: 0.05, usd_per_1m_completion: 0.05 },
      { model_provider: 'meta', model_name: 'llama', usd_per_1m_prompt: 0.88, usd_per_1m_completion: 0.88 }
    ])
    expect(r.lines).toEqual([2, 3, 12])
    expect(r.rows).toBe(10)
    expect(r.errors).toEqual([
      { line: 5, reason: 'model openai / gpt-4o is already listed on line 2' },
      { line: 6, reason: 'model_name is empty' },
      { line: 7, reason: 'usd_per_1m_prompt "abc" is not a number' },
      { line: 8, reason: 'usd_per_1m_prompt "-1" is not a number' },
      { line: 9, reason: 'usd_per_1m_prompt "0x10" is not a number; usd_per_1m_completion "1e400" is not a finite number' },
      { line: 10, reason: '4 fields, the header has 5' },
      { line: 11, reason: 'usd_per_1m_prompt 200000 is above 100000 dollars per million tokens' }
    ])
  })

  it('accepts header aliases and a BOM; a missing column or an empty file is one error on the header line', () => {
    const r = parsePriceCsv('\ufeffProvider,Model,usd_per_1m_input,usd_per_1m_output\nopenai,gpt-4o-mini,0.15,0.6\n')
    expect(r.entries).toEqual([{ model_provider: 'openai', model_name: 'gpt-4o-mini', usd_per_1m_prompt: 0.15, usd_per_1m_completion: 0.6 }])
    expect(parsePriceCsv('model,price\nx,1\n').errors).toEqual([{ line: 1, reason: 'the header has no usd_per_1m_prompt, usd_per_1m_completion column (found: model, price)' }])
    expect(parsePriceCsv('\n\n').errors).toEqual([{ line: 1, reason: 'the file is empty: expected a header row' }])
  })

  it('round-trips the exported table', () => {
    const rows: PriceRow[] = [
      { model_provider: 'openai', model_name: 'gpt, "4o"', requests: 10, usd_per_1m_prompt: 2.5, usd_per_1m_completion: 10, source: 'operator', estimate: null },
      {
        model_provider: null,
        model_name: 'local',
        requests: 5,
        usd_per_1m_prompt: 0.05,
        usd_per_1m_completion: 0.05,
        source: 'estimated',
        estimate: { rows: 5, rows_trimmed: 0, method: 'blended', usd_per_1m_prompt: 0.05, usd_per_1m_completion: 0.05, r2: 0.99, rel_rmse: 0.01, quality: 'good', note: 'x' }
      },
      { model_provider: 'x', model_name: 'unpriced', requests: 1, usd_per_1m_prompt: null, usd_per_1m_completion: null, source: 'none', estimate: null }
    ]
    const csv = formatPriceCsv(rows)
    expect(csv.split('\n')[0]).toBe('model_provider,model_name,usd_per_1m_prompt,usd_per_1m_completion,source,requests,fit_method,fit_rows,fit_rows_trimmed,fit_r2,fit_quality,estimated_usd_per_1m_prompt,estimated_usd_per_1m_completion')
    const back = parsePriceCsv(csv)
    expect(back.entries).toEqual([
      { model_provider: 'openai', model_name: 'gpt, "4o"', usd_per_1m_prompt: 2.5, usd_per_1m_completion: 10 },
      { model_provider: null, model_name: 'local', usd_per_1m_prompt: 0.05, usd_per_1m_completion: 0.05 }
    ])
    // the model without a price is written with empty prices, so an import names it
    expect(back.errors).toEqual([{ line: 4, reason: 'usd_per_1m_prompt is empty; usd_per_1m_completion is empty' }])
  })

  it('merges an import over the current entries', () => {
    const a = { model_provider: 'p', model_name: 'a', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }
    const b = { model_provider: 'p', model_name: 'b', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }
    expect(mergePriceEntries([a, b], [{ ...a, usd_per_1m_prompt: 9 }])).toEqual([{ ...a, usd_per_1m_prompt: 9 }, b])
  })
})
