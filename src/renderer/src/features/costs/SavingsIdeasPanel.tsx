/** Ranked savings ideas from the data (a cheaper model that meets the failure and SLA bar for a use case, prompt trimming, a response cache), each with its saving, what it touches, and a way to try it, open its requests or compare. */
import type { ReactElement } from 'react'
import type { SavingsIdea } from '../../../../shared/economics'
import type { Scope } from '../../../../shared/scope'
import type { NavigateOptions } from '../../app/pages'
import { Badge } from '../../components/Badge'
import { useQuery } from '../../api/useQuery'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { ExportButton } from '../../components/ExportButton'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { COMPARE_PAGE_ID } from '../../lib/compareLink'
import { EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatPercent, formatPointsDelta, formatUsd } from '../../lib/format'
import { ideasCsv } from './buildEconomicsOptions'
import { ideaCompareNavigation, ideaDrilldown } from './economicsView'

const KIND_LABELS: Record<SavingsIdea['kind'], string> = { cheaper_model: 'cheaper model', prompt_trim: 'trim prompts', response_cache: 'response cache' }

export interface SavingsIdeasPanelProps {
  scope: Scope
  canPickFiles: boolean
  onTry: (idea: SavingsIdea) => void
  navigate: (pageId: string, opts?: NavigateOptions) => void
}

export function SavingsIdeasPanel({ scope, canPickFiles, onTry, navigate }: SavingsIdeasPanelProps): ReactElement {
  const q = useQuery('getSavingsIdeas', { scope })
  const e = q.data
  const ideas = e?.ideas ?? []
  return (
    <Panel
      title="Savings ideas"
      subtitle={
        <>
          From this data, largest saving first{e?.period ? `; per 30 days scales the ${e.period.days}-day scope` : ''}. A cheaper model must meet the routing bar on the use case (MIN_REQUESTS_POLICY requests, failure rate ≤ the routing
          maximum, p95 ≤ SLA_MS). Trimming cuts prompts to the use case&apos;s 75th percentile; the cache answers word-for-word repeats.
        </>
      }
      actions={<ExportButton label="CSV" title="Download the ideas as CSV" canPickFiles={canPickFiles} files={() => [{ name: 'savings_ideas.csv', content: ideasCsv(ideas) }]} testId="ideas-csv" />}
      testId="savings-ideas"
      className={q.stale ? 'is-stale' : undefined}
      flush
    >
      {q.error ? (
        <ErrorState compact title="Could not compute the savings ideas" error={q.error} onRetry={q.refetch} testId="ideas-error" />
      ) : !e ? (
        <LoadingState compact label="Looking for savings (repeated requests, long prompts, cheaper models)…" />
      ) : ideas.length === 0 ? (
        <EmptyState compact title="No savings idea in this scope" testId="ideas-empty">
          No cheaper model meets the bar on any use case, prompts are already even, and no request repeats another.
        </EmptyState>
      ) : (
        <div className="table-wrap costs-scroll">
          <table className="table" aria-label="Savings ideas" data-testid="ideas-table">
            <TableHead
              columns={[
                { label: '#', num: true },
                { label: 'Idea' },
                { label: 'Saving', num: true, title: 'over the scope’s period' },
                { label: 'Per 30 days', num: true },
                { label: 'Of the use case’s cost', num: true },
                { label: 'Requests', num: true },
                { label: 'Failure rate', num: true, title: 'change of the use case’s failure rate' },
                { label: '' }
              ]}
            />
            <tbody>
              {ideas.map((idea, k) => {
                const drill = ideaDrilldown(scope, idea, e)
                const cmp = ideaCompareNavigation(scope, idea, e)
                return (
                  <tr key={`${idea.kind}:${idea.use_case}:${idea.title}`} data-testid="idea-row" data-kind={idea.kind} data-use-case={idea.use_case ?? ''}>
                    <td className="num">{k + 1}</td>
                    <td>
                      <div>
                        <Badge tone={idea.kind === 'cheaper_model' ? 'accent' : 'neutral'}>{KIND_LABELS[idea.kind]}</Badge> <b>{idea.title}</b>
                      </div>
                      <div className="muted costs-sub">{idea.detail}</div>
                    </td>
                    <td className="num" data-testid="idea-savings" data-value={idea.savings}>
                      {formatUsd(idea.savings)}
                    </td>
                    <td className="num">{formatUsd(idea.savings_per_30d)}</td>
                    <td className="num">{formatPercent(idea.share_of_use_case_cost)}</td>
                    <td className="num">{formatInt(idea.requests_affected)}</td>
                    <td className={`num ${idea.fail_rate_delta !== null && idea.fail_rate_delta > 0 ? 'bad-text' : ''}`}>{idea.fail_rate_delta === null ? '—' : formatPointsDelta(idea.fail_rate_delta, 1)}</td>
                    <td className="costs-idea-actions">
                      {idea.change && (
                        <button type="button" className="btn btn--xs" onClick={() => onTry(idea)} data-testid="idea-try" title="Re-price this change above and see its scenarios">
                          Try it
                        </button>
                      )}
                      {drill && (
                        <button type="button" className="btn btn--xs btn--ghost" onClick={() => navigate(EXPLORER_PAGE_ID, drill)} data-testid="idea-open">
                          Requests
                        </button>
                      )}
                      {cmp && (
                        <button type="button" className="btn btn--xs btn--ghost" onClick={() => navigate(COMPARE_PAGE_ID, cmp)} data-testid="idea-compare">
                          Compare
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
