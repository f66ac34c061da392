/** Masking of the clusters' answers while text masking is on: request texts, and the labels and terms made of their words (a repeated e-mail address could become a term). */
import type { ClusterDetail, ClusterDriftReport, ClusterList, ClusterRunInfo, Diagnosis, MapPoint, SimilarResult } from '../../shared/clusters'

/** Replaces what the PII detectors find in a text (the privacy settings' masker). */
export type Mask = (text: string) => string

const orNull = (m: Mask, s: string | null): string | null => (s === null ? null : m(s))

export function maskRunInfo(info: ClusterRunInfo, m: Mask): ClusterRunInfo {
  return { ...info, labels: info.labels.map(m) }
}

export function maskClusterList(l: ClusterList, m: Mask): ClusterList {
  return {
    ...l,
    run: maskRunInfo(l.run, m),
    clusters: l.clusters.map((c) => ({ ...c, label: m(c.label), terms: c.terms.map((t) => ({ ...t, term: m(t.term) })), exemplars: c.exemplars.map((e) => ({ ...e, request_text: orNull(m, e.request_text) })) }))
  }
}

export function maskClusterDetail(d: ClusterDetail, m: Mask): ClusterDetail {
  return { ...d, label: m(d.label), terms: d.terms.map((t) => ({ ...t, term: m(t.term) })), exemplars: d.exemplars.map((e) => ({ ...e, request_text: orNull(m, e.request_text) })) }
}

export function maskDrift(r: ClusterDriftReport, m: Mask): ClusterDriftReport {
  return { ...r, rows: r.rows.map((x) => ({ ...x, label: m(x.label) })) }
}

export function maskDiagnosis(d: Diagnosis, m: Mask): Diagnosis {
  const s = (list: Diagnosis['summary']): Diagnosis['summary'] => list.map((x) => ({ ...x, text: m(x.text) }))
  return { ...d, title: m(d.title), summary: s(d.summary), causes: s(d.causes), fix: s(d.fix), verification: s(d.verification) }
}

export function maskSimilar(r: SimilarResult, m: Mask): SimilarResult {
  return { ...r, query: { ...r.query, text: orNull(m, r.query.text) }, results: r.results.map((x) => ({ ...x, request_text: orNull(m, x.request_text) })) }
}

export function maskMapPoint(p: MapPoint, m: Mask): MapPoint {
  return { ...p, label: m(p.label), request_text: orNull(m, p.request_text) }
}
