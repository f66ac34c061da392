/** The diagnosis of a cluster or a lasso selection: Summary / Causes / Fix / Verification from the evidence, every sentence opening its rows in the Explorer; optionally the local model's version beside it. */
import { useState, type ReactElement } from 'react'
import type { Diagnosis, DiagnosisSentence } from '../../../../shared/clusters'
import type { Scope } from '../../../../shared/scope'
import { useQuery } from '../../api/useQuery'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { LoadingState } from '../../components/LoadingState'
import { formatInt } from '../../lib/format'
import { EXPLORER_PAGE_ID } from '../../lib/drilldown'
import type { NavigateOptions } from '../../app/pages'
import { sentenceDrilldown } from './clustersView'

export interface DiagnosisCardProps {
  scope: Scope
  target: { cluster_id: number } | { selection_id: number }
  navigate: (pageId: string, opts?: NavigateOptions) => void
  canPickFiles: boolean
  /** the local model's endpoint when one is set (the card then offers to ask it) */
  modelEndpoint: string | null
  testId?: string
}

const HEADINGS: { key: 'summary' | 'causes' | 'fix' | 'verification'; title: string }[] = [
  { key: 'summary', title: 'Summary' },
  { key: 'causes', title: 'Causes' },
  { key: 'fix', title: 'Fix' },
  { key: 'verification', title: 'Verification' }
]

/** The card as Markdown, for the export. */
export function diagnosisMarkdown(d: Diagnosis): string {
  const lines = [`# ${d.title}`, '']
  for (const h of HEADINGS) lines.push(`## ${h.title}`, '', ...(d[h.key].length ? d[h.key].map((s) => `- ${s.text}`) : ['- (no evidence)']), '')
  if (d.model?.text) {
    lines.push(`## Written by ${d.model.name} (local model, from the evidence above)`, '')
    for (const h of HEADINGS) lines.push(`### ${h.title}`, '', d.model.text[h.key] || '(nothing)', '')
  }
  return lines.join('\n')
}

export function DiagnosisCard({ scope, target, navigate, canPickFiles, modelEndpoint, testId = 'diagnosis' }: DiagnosisCardProps): ReactElement {
  const [useModel, setUseModel] = useState(false)
  const q = useQuery('getClusterDiagnosis', { scope, ...target, use_model: useModel })
  const d = q.data
  const open = (s: DiagnosisSentence): void => {
    if (!d) return
    const dd = sentenceDrilldown(scope, d.title, s)
    if (dd) navigate(EXPLORER_PAGE_ID, dd)
  }
  return (
    <section className={`diagnosis${q.stale ? ' is-stale' : ''}`} data-testid={testId} aria-label="Diagnosis">
      <header className="diagnosis__head">
        <h3 className="diagnosis__title">Diagnosis</h3>
        <span className="muted diagnosis__source">from the evidence in the data{d ? ` · ${formatInt(d.rows)} requests, ${formatInt(d.failures)} failed` : ''}</span>
        <span className="diagnosis__actions">
          {modelEndpoint && (
            <button type="button" className="btn btn--xs" onClick={() => setUseModel(true)} disabled={useModel && q.loading} data-testid={`${testId}-ask-model`} title={`Sends the evidence sentences (no request text) to ${modelEndpoint}`}>
              {useModel && q.loading ? 'Asking the local model…' : 'Ask the local model'}
            </button>
          )}
          <ExportButton label="Markdown" title="Download this diagnosis as Markdown" canPickFiles={canPickFiles} disabled={!d} files={() => [{ name: `diagnosis_${'cluster_id' in target ? `cluster_${target.cluster_id}` : `selection_${target.selection_id}`}.md`, content: diagnosisMarkdown(d!), mime: 'text/markdown' }]} testId={`${testId}-export`} />
        </span>
      </header>
      {q.error ? (
        <ErrorState title="Could not diagnose" error={q.error} onRetry={q.refetch} compact />
      ) : !d ? (
        <LoadingState label="Gathering the evidence…" compact />
      ) : (
        <>
          <div className="diagnosis__grid">
            {HEADINGS.map((h) => (
              <div key={h.key} className="diagnosis__block" data-testid={`${testId}-${h.key}`}>
                <h4 className="diagnosis__heading">{h.title}</h4>
                <ul className="diagnosis__list">
                  {d[h.key].map((s, i) => (
                    <li key={i}>
                      {s.rows ? (
                        <button type="button" className="link-button diagnosis__sentence" onClick={() => open(s)} title={`Open ${s.rows.count !== undefined ? formatInt(s.rows.count) + ' ' : 'the '}rows behind this sentence in the Explorer`}>
                          {s.text}
                        </button>
                      ) : (
                        <span className="diagnosis__sentence">{s.text}</span>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
          {d.model && (
            <div className="diagnosis__model" data-testid={`${testId}-model`}>
              {d.model.error ? (
                <div className="bad-text" role="alert">
                  The local model could not write the card: {d.model.error}
                </div>
              ) : (
                d.model.text && (
                  <>
                    <div className="muted">
                      Written by <b>{d.model.name}</b> at {d.model.endpoint} from the evidence above (only those sentences were sent):
                    </div>
                    <div className="diagnosis__grid">
                      {HEADINGS.map((h) => (
                        <div key={h.key} className="diagnosis__block">
                          <h4 className="diagnosis__heading">{h.title}</h4>
                          <p className="diagnosis__model-text">{d.model!.text![h.key] || '—'}</p>
                        </div>
                      ))}
                    </div>
                  </>
                )
              )}
            </div>
          )}
        </>
      )}
    </section>
  )
}
