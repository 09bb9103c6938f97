import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { KINDS } from '../resources/kinds';
import { AddDriftIgnoreRuleMutation, DriftIgnoreRulesQuery, RemoveDriftIgnoreRuleMutation } from './operations';
import { ruleProblem, type RuleForm } from './rules';

/**
 * The fabric's drift ignore rules (a kind and a dotted path pattern, `*` = one segment): listed
 * with how many differences each hides, who added it and why; operators add and remove them
 * (audited; drift is recomputed at once).
 */
export function DriftIgnoreRules({ fabricId, operator, onChanged }: { fabricId: string; operator: boolean; onChanged?: () => void }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: DriftIgnoreRulesQuery, variables: { fabricId } });
  const [added, add] = useMutation(AddDriftIgnoreRuleMutation);
  const [removed, remove] = useMutation(RemoveDriftIgnoreRuleMutation);
  const [form, setForm] = useState<RuleForm>({ kind: 'VPC', path: '', reason: '' });
  const [problem, setProblem] = useState<ReturnType<typeof ruleProblem>>(null);
  const rules = data?.driftIgnoreRules ?? [];
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    onChanged?.();
  };

  const submit = async () => {
    const p = ruleProblem(form);
    setProblem(p);
    if (p) return;
    const r = await add({ fabricId, kind: form.kind, path: form.path.trim(), reason: form.reason.trim() });
    if (!r.error) {
      setForm((f) => ({ ...f, path: '', reason: '' }));
      changed();
    }
  };

  return (
    <div className="card" data-testid="drift-ignore-rules">
      <h2>Drift ignore rules</h2>
      <p className="muted small">Differences matching a rule are shown as ignored and never count as drift.</p>
      <ErrorBox error={error} />
      {rules.length === 0 ? (
        <p className="muted">{fetching ? 'Loading…' : 'No rules: every difference between Git and the cluster counts as drift.'}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Path</th>
              <th>Reason</th>
              <th>Hides</th>
              <th>Added</th>
              {operator && <th />}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-rule={`${r.kind}:${r.path}`}>
                <td>{r.kind}</td>
                <td>
                  <code>{r.path}</code>
                </td>
                <td>{r.reason}</td>
                <td data-testid="rule-hides">{r.ignoredPaths}</td>
                <td title={r.createdAt}>
                  {r.createdBy ?? 'unknown'} · {timeAgo(r.createdAt)}
                </td>
                {operator && (
                  <td>
                    <button
                      type="button"
                      className="small"
                      disabled={removed.fetching}
                      onClick={async () => {
                        const res = await remove({ fabricId, kind: r.kind, path: r.path });
                        if (!res.error) changed();
                      }}
                      aria-label={`Remove rule ${r.kind} ${r.path}`}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox error={removed.error} />
      {operator && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            Kind{' '}
            <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} aria-label="Rule kind">
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Path{' '}
            <input value={form.path} placeholder="spec.subnets.*.vlan" onChange={(e) => setForm({ ...form, path: e.target.value })} aria-label="Rule path" />
          </label>{' '}
          <label>
            Reason{' '}
            <input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} aria-label="Rule reason" />
          </label>{' '}
          <button type="submit" disabled={added.fetching}>
            Ignore
          </button>
          {problem && (
            <p className="error" role="alert" data-field={problem.field}>
              {problem.message}
            </p>
          )}
          <ErrorBox error={added.error} />
        </form>
      )}
    </div>
  );
}
