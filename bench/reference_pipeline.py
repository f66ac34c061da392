#!/usr/bin/env python3
"""The benchmark's second yardstick: the decision pipeline of PIPELINE.md written the usual way
with pandas, NumPy, SciPy and scikit-learn, doing the same work as `npm run cli -- analyze`:
read every table, normalise, integrity gates, windows, health snapshot, daily burn, risk slices,
model hotspots, routing policy and backtest, drift (PSI, KS, TV, chi-square for two window pairs),
the triage model (median / mode imputation, standardisation, one-hot, balanced L2 logistic
regression fitted to a 1e-8 tolerance, Platt calibration, threshold sweep with per-day capacity,
baselines, review queue), and the artifact files.

Used only by `npm run bench` (scripts/bench.ts) to time a conventional implementation on the same
files in the same run; it is not part of the product and the test suite does not need Python. It
handles the canonical column names of the generated data (not every dialect the app reads).

    python3 bench/reference_pipeline.py --data DIR --out DIR
"""
import argparse
import json
import os
import time

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

K = dict(SLA_MS=2200, FAIL_BUDGET=0.02, SLA_BUDGET=0.05, DAILY_COST_BUDGET_USD=60, TIME_SPLIT_FRAC=0.80,
         DRIFT_REFERENCE_FRAC=0.4, DRIFT_CURRENT_FRAC=0.2, MIN_REQUESTS_POLICY=60, MIN_REQUESTS_SLICE=60,
         MAX_LATENCY_MISSING_RATE=0.05, MAX_COST_MISSING_RATE=0.05, FAILURE_EVENT_COST_USD=40,
         SLA_BREACH_PENALTY_USD=5, REVIEW_COST=2, TRIAGE_FN_COST_USD=40, CAPACITY_PER_DAY=200,
         CAPACITY_P90_GUARD=250)
NUMERIC = ['latency_ms', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd', 'tool_calls_count',
           'response_quality_score', 'user_feedback_score', 'tokens_per_second', 'temperature', 'top_p', 'max_tokens',
           'retry_index', 'prompt_to_completion_ratio']
FLAGS = ['safety_block_flag', 'hallucination_flag', 'toxicity_flag', 'formatting_error_flag', 'tool_error_flag',
         'latency_timeout_flag']
CATS = ['model_provider', 'model_name', 'use_case', 'channel', 'account_tier', 'region', 'segment']
DRIFT_NUM = ['latency_ms', 'cost_usd', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'tool_calls_count',
             'response_quality_score', 'tokens_per_second', 'prompt_to_completion_ratio']
TRIAGE_NUM = ['latency_ms', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'cost_usd', 'tool_calls_count',
              'tokens_per_second', 'prompt_to_completion_ratio']
TRUE = {'true', '1', 'yes', 'y', 't'}


def parse_flag(s):
    t = s.astype('string').str.strip().str.lower()
    num = pd.to_numeric(t, errors='coerce')
    return (t.isin(TRUE) | (num.notna() & (num != 0))).fillna(False).astype(bool)


def load(data):
    files = {f: os.path.join(data, f) for f in os.listdir(data) if f.endswith('.csv')}
    def table(part):
        name = next((f for f in files if part in f), None)
        return pd.read_csv(files[name]) if name else None
    return (table('interactions'), table('sessions_summary'), table('users_summary'),
            table('prompts_lookup'), table('instruction_tuning'))


def normalise(df):
    df['timestamp_utc'] = pd.to_datetime(df['timestamp_utc'], utc=True, errors='coerce')
    for c in NUMERIC:
        if c in df:
            df[c] = pd.to_numeric(df[c], errors='coerce').replace([np.inf, -np.inf], np.nan)
    for c in FLAGS:
        df[c] = parse_flag(df[c]) if c in df else False
    ft = df['failure_type'].astype('string').str.strip().str.lower().fillna('none')
    raw = df['is_failure'].astype('string').str.strip().str.lower()
    known = raw.isin(TRUE | {'false', '0', 'no', 'n', 'f'})
    df['is_failure_was_missing'] = ~known
    df['is_failure'] = np.where(known, raw.isin(TRUE), ft != 'none')
    df['split'] = df['split'].astype('string').str.strip().str.lower() if 'split' in df else pd.Series(pd.NA, index=df.index, dtype='string')
    return df


def gates(df, sessions, users, samples):
    out = {}
    out['pk_interactions'] = int(df['interaction_id'].duplicated().sum() + df['interaction_id'].isna().sum())
    if sessions is not None:
        out['pk_sessions'] = int(sessions['session_id'].duplicated().sum())
        out['fk_sessions'] = int((~df['session_id'].isin(sessions['session_id'])).sum())
    if users is not None:
        out['pk_users'] = int(users['user_id'].duplicated().sum())
        out['fk_users'] = int((~df['user_id'].isin(users['user_id'])).sum())
    if samples is not None:
        out['samples_unique'] = int(samples['interaction_id'].duplicated().sum())
        out['fk_samples'] = int((~samples['interaction_id'].isin(df['interaction_id'])).sum())
    tok = df[['prompt_tokens', 'completion_tokens', 'total_tokens']].dropna().round()
    out['token_accounting'] = int((tok['total_tokens'] != tok['prompt_tokens'] + tok['completion_tokens']).sum())
    out['latency_missing_rate'] = float(df['latency_ms'].isna().mean())
    out['cost_missing_rate'] = float(df['cost_usd'].isna().mean())
    return out


def windows(df):
    timed = df['timestamp_utc'].notna()
    if df['split'].isin(['train', 'val', 'test']).any():
        hist = timed & (df['split'] == 'train')
        cal = timed & (df['split'] == 'val')
        ev = timed & (df['split'] == 'test')
        return 'dataset_split', hist, hist, cal, ev
    t = df.loc[timed].sort_values('timestamp_utc', kind='stable')
    cut = t['timestamp_utc'].iloc[int(np.floor(K['TIME_SPLIT_FRAC'] * len(t)))]
    first = t.groupby('session_id')['timestamp_utc'].transform('min')
    hist = pd.Series(False, index=df.index)
    hist.loc[t.index] = (first <= cut).values
    ev = timed & ~hist
    q = df.loc[hist, 'timestamp_utc'].quantile(0.85)
    cal = hist & (df['timestamp_utc'] > q)
    return 'session_safe_time_split', hist, hist & ~cal, cal, ev


def group_stats(d, keys):
    g = d.groupby(keys, dropna=False)
    r = g.agg(requests=('interaction_id', 'size'), fail_rate=('is_failure', 'mean'),
              p95_latency=('latency_ms', lambda s: s.quantile(0.95)), avg_cost=('cost_usd', 'mean'),
              sla_breach_rate=('breach', 'mean'))
    return r.reset_index()


def psi(ref, cur):
    ref = ref[np.isfinite(ref)]
    cur = cur[np.isfinite(cur)]
    if len(ref) < 50 or len(cur) < 50:
        return None
    e = np.quantile(ref, np.linspace(0, 1, 11))
    e[0] = min(e[0], cur.min())
    e[-1] = max(e[-1], cur.max())
    e = np.unique(e)
    if len(e) < 3:
        return None
    r = np.clip(np.histogram(ref, e)[0] / max(len(ref), 1), 1e-6, 1)
    c = np.clip(np.histogram(cur, e)[0] / max(len(cur), 1), 1e-6, 1)
    return float(np.sum((c - r) * np.log(c / r)))


def drift(df, ref_mask, cur_mask, method):
    rows = []
    for f in DRIFT_NUM:
        a = df.loc[ref_mask, f].to_numpy(dtype=float)
        b = df.loc[cur_mask, f].to_numpy(dtype=float)
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        ks = stats.ks_2samp(a, b) if len(a) and len(b) else None
        rows.append(dict(windowing_method=method, feature=f, type='numeric', psi=psi(a, b),
                         ks_statistic=ks.statistic if ks else None, ks_pvalue=ks.pvalue if ks else None))
    for f in CATS:
        p = df.loc[ref_mask, f].fillna('<null>').value_counts()
        q = df.loc[cur_mask, f].fillna('<null>').value_counts()
        t = pd.concat([p, q], axis=1).fillna(0)
        tv = 0.5 * float((t.iloc[:, 0] / t.iloc[:, 0].sum() - t.iloc[:, 1] / t.iloc[:, 1].sum()).abs().sum())
        chi = stats.chi2_contingency(t.T.to_numpy(), correction=False)
        rows.append(dict(windowing_method=method, feature=f, type='categorical', tv_distance=tv, chi2_pvalue=chi[1]))
    return rows


def platt(f, y):
    # Platt's method with his smoothed targets (scikit-learn's sigmoid calibration).
    from sklearn.calibration import _sigmoid_calibration
    return _sigmoid_calibration(f, y)


def triage(df, fit, cal, ev):
    nums = [c for c in TRIAGE_NUM if c in df]
    pre = ColumnTransformer([
        ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), nums),
        ('cat', Pipeline([('imp', SimpleImputer(strategy='most_frequent')),
                          ('oh', OneHotEncoder(handle_unknown='ignore'))]), CATS)])
    model = make_pipeline(pre, LogisticRegression(C=1.0, class_weight='balanced', tol=1e-8, max_iter=10000))
    X = df[nums + CATS].astype({c: object for c in CATS})
    model.fit(X.loc[fit], df.loc[fit, 'is_failure'].astype(int))
    a, b = platt(model.decision_function(X.loc[cal]), df.loc[cal, 'is_failure'].astype(int).to_numpy())
    proba = 1 / (1 + np.exp(a * model.decision_function(X.loc[ev]) + b))
    y = df.loc[ev, 'is_failure'].astype(int).to_numpy()
    day = df.loc[ev, 'timestamp_utc'].dt.strftime('%Y-%m-%d').to_numpy()
    days = pd.Index(np.unique(day))
    curve = []
    for i in range(5, 96):
        t = i / 100
        review = proba >= t
        per_day = pd.Series(review).groupby(day).sum().reindex(days, fill_value=0)
        tp, fp = int((review & (y == 1)).sum()), int((review & (y == 0)).sum())
        fn = int((~review & (y == 1)).sum())
        curve.append(dict(threshold=t, expected_cost=(tp + fp) * K['REVIEW_COST'] + fn * K['TRIAGE_FN_COST_USD'],
                          mean=float(per_day.mean()), p90=float(np.quantile(per_day, 0.9)), tp=tp, fp=fp, fn=fn))
    feasible = [c for c in curve if c['mean'] <= K['CAPACITY_PER_DAY'] and c['p90'] <= K['CAPACITY_P90_GUARD']]
    chosen = min(feasible or curve, key=lambda c: c['expected_cost'])
    q = pd.DataFrame({'interaction_id': df.loc[ev, 'interaction_id'].to_numpy(), 'proba_failure': proba, 'day': day})
    top = q.sort_values(['day', 'proba_failure', 'interaction_id'], ascending=[True, False, True]).groupby('day').head(K['CAPACITY_PER_DAY'])
    q['action_review'] = q['proba_failure'] >= chosen['threshold']
    q = q.sort_values(['action_review', 'proba_failure', 'interaction_id'], ascending=[False, False, True])
    from sklearn.metrics import average_precision_score, roc_auc_score
    return dict(threshold=chosen['threshold'], roc_auc=float(roc_auc_score(y, proba)),
                avg_precision=float(average_precision_score(y, proba)), top_rows=len(top)), curve, q


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    t0 = time.time()
    df, sessions, users, prompts, samples = load(args.data)
    df = normalise(df)
    df['breach'] = np.where(df['latency_ms'].notna(), df['latency_ms'] > K['SLA_MS'], np.nan)
    g = gates(df, sessions, users, samples)
    method, hist, fit, cal, ev = windows(df)
    health = dict(interactions=len(df), failure_rate=float(df['is_failure'].mean()),
                  sla_breach_rate=float(df['breach'].mean()), p95_latency_ms=float(df['latency_ms'].quantile(0.95)),
                  total_cost_usd=float(df['cost_usd'].sum()), avg_cost_per_request=float(df['cost_usd'].mean()))
    day = df['timestamp_utc'].dt.strftime('%Y-%m-%d')
    burn = df.assign(day=day).groupby('day').agg(requests=('interaction_id', 'size'), fail_rate=('is_failure', 'mean'),
                                                 sla_breach_rate=('breach', 'mean'), cost=('cost_usd', 'sum'),
                                                 p95_latency=('latency_ms', lambda s: s.quantile(0.95))).reset_index()
    h = df.loc[hist].fillna({c: 'unknown' for c in CATS})
    slices = group_stats(h, ['use_case', 'account_tier'])
    slices = slices[slices['requests'] >= K['MIN_REQUESTS_SLICE']]
    hotspots = group_stats(h, ['model_provider', 'model_name'])
    cands = group_stats(df.loc[hist].dropna(subset=['use_case', 'model_name']), ['use_case', 'model_provider', 'model_name'])
    cands = cands[cands['requests'] >= K['MIN_REQUESTS_POLICY']].dropna(subset=['fail_rate', 'avg_cost', 'p95_latency'])
    cands['expected_unit_cost'] = (cands['avg_cost'] + cands['fail_rate'].clip(0, 1) * K['FAILURE_EVENT_COST_USD']
                                   + cands['sla_breach_rate'].fillna(0).clip(0, 1) * K['SLA_BREACH_PENALTY_USD'])
    policy = cands.sort_values(['use_case', 'expected_unit_cost', 'p95_latency']).groupby('use_case').head(1)
    backtest = group_stats(df.loc[ev], ['use_case', 'model_provider', 'model_name']).merge(
        policy[['use_case', 'model_provider', 'model_name']], on=['use_case', 'model_provider', 'model_name'])
    t = df.loc[df['timestamp_utc'].notna()].sort_values('timestamp_utc', kind='stable')
    n = len(t)
    early = df.index.isin(t.index[:int(np.floor(K['DRIFT_REFERENCE_FRAC'] * n))])
    recent = df.index.isin(t.index[n - int(np.floor(K['DRIFT_CURRENT_FRAC'] * n)):])
    drift_rows = drift(df, hist, ev, method) + drift(df, early, recent, 'temporal_early_vs_recent')
    summary, curve, queue = triage(df, fit, cal, ev)
    os.makedirs(args.out, exist_ok=True)
    pd.DataFrame(drift_rows).to_csv(os.path.join(args.out, 'drift_report.csv'), index=False)
    pd.DataFrame(curve).to_csv(os.path.join(args.out, 'triage_threshold_curve.csv'), index=False)
    queue.head(2000).to_csv(os.path.join(args.out, 'triage_actions_preview.csv'), index=False)
    policy.to_csv(os.path.join(args.out, 'routing_policy_use_case.csv'), index=False)
    backtest.to_csv(os.path.join(args.out, 'routing_backtest_summary.csv'), index=False)
    burn.to_csv(os.path.join(args.out, 'budget_burn_daily.csv'), index=False)
    slices.to_csv(os.path.join(args.out, 'risk_slices.csv'), index=False)
    hotspots.to_csv(os.path.join(args.out, 'model_hotspots.csv'), index=False)
    with open(os.path.join(args.out, 'decision_artifact.json'), 'w') as fh:
        json.dump(dict(gates=g, windowing_method=method, health=health, triage=summary,
                       seconds=time.time() - t0), fh, indent=2, default=str)
    print(json.dumps(dict(seconds=round(time.time() - t0, 3), rows=len(df), triage=summary)))


if __name__ == '__main__':
    main()
