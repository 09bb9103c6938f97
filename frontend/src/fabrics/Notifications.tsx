import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { AddNotificationTargetMutation, NotificationTargetsQuery, RemoveNotificationTargetMutation, TestNotificationTargetMutation } from './operations';
import { NOTIFICATION_EVENTS, targetProblem, targetVariables, type TargetForm } from './notifyForm';

const EMPTY: TargetForm = { kind: 'WEBHOOK', url: '', secret: '', events: [] };

/**
 * The fabric's notification targets (a signed webhook or a Slack incoming webhook) with the
 * events each receives, and the latest delivery attempts; operators add, remove and send a test
 * (audited). Secrets are write-only: the API says whether a target has one, never what it is.
 */
export function Notifications({ fabricId, operator }: { fabricId: string; operator: boolean }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: NotificationTargetsQuery, variables: { fabricId } });
  const [added, add] = useMutation(AddNotificationTargetMutation);
  const [removed, remove] = useMutation(RemoveNotificationTargetMutation);
  const [tested, test] = useMutation(TestNotificationTargetMutation);
  const [form, setForm] = useState<TargetForm>(EMPTY);
  const [problem, setProblem] = useState<ReturnType<typeof targetProblem>>(null);
  const [testResult, setTestResult] = useState<{ id: string; text: string; ok: boolean } | null>(null);
  const targets = data?.notificationTargets ?? [];
  const deliveries = data?.notificationDeliveries ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async () => {
    const p = targetProblem(form);
    setProblem(p);
    if (p) return;
    const r = await add(targetVariables(fabricId, form));
    if (!r.error) {
      setForm(EMPTY);
      reload();
    }
  };

  const toggleEvent = (name: string, on: boolean) =>
    setForm((f) => ({ ...f, events: on ? [...f.events, name] : f.events.filter((e) => e !== name) }));

  return (
    <div className="card" data-testid="notifications">
      <h2>Notifications</h2>
      <p className="muted small">Events of this fabric are POSTed to these targets, retried with backoff when they fail.</p>
      <ErrorBox error={error} />
      {targets.length === 0 ? (
        <p className="muted">{fetching ? 'Loading…' : 'No notification targets.'}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Type</th>
              <th>URL</th>
              <th>Events</th>
              <th>Signed</th>
              <th>Added</th>
              {operator && <th />}
            </tr>
          </thead>
          <tbody>
            {targets.map((t) => (
              <tr key={t.id} data-target={t.id}>
                <td>{t.kind === 'SLACK' ? 'Slack' : 'Webhook'}</td>
                <td>
                  <code>{t.url}</code>
                </td>
                <td>{t.events.length === 0 ? 'all' : t.events.join(', ')}</td>
                <td>{t.kind === 'SLACK' ? '—' : t.hasSecret ? 'yes' : 'no'}</td>
                <td title={t.createdAt}>
                  {t.createdBy ?? 'unknown'} · {timeAgo(t.createdAt)}
                </td>
                {operator && (
                  <td>
                    <button
                      type="button"
                      className="small"
                      disabled={tested.fetching}
                      onClick={async () => {
                        const res = await test({ fabricId, id: t.id });
                        const d = res.data?.testNotificationTarget;
                        if (d) {
                          const ok = d.status === 'DELIVERED';
                          setTestResult({ id: t.id, ok, text: ok ? `delivered (HTTP ${d.httpStatus ?? '?'})` : `failed: ${d.error ?? 'unknown error'}` });
                          reload();
                        }
                      }}
                      aria-label={`Send a test to target ${t.id}`}
                    >
                      Send test
                    </button>{' '}
                    <button
                      type="button"
                      className="small"
                      disabled={removed.fetching}
                      onClick={async () => {
                        const res = await remove({ fabricId, id: t.id });
                        if (!res.error) reload();
                      }}
                      aria-label={`Remove target ${t.id}`}
                    >
                      Remove
                    </button>
                    {testResult?.id === t.id && (
                      <div className={testResult.ok ? 'small' : 'error small'} role="status" data-testid="notify-test-result">
                        Test {testResult.text}
                      </div>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox error={removed.error} />
      <ErrorBox error={tested.error} />
      {deliveries.length > 0 && (
        <>
          <h3>Recent deliveries</h3>
          <table className="table" data-testid="notify-deliveries">
            <thead>
              <tr>
                <th>Event</th>
                <th>Target</th>
                <th>Attempt</th>
                <th>Status</th>
                <th>When</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>{d.targetId}</td>
                  <td>{d.attempt}</td>
                  <td className={d.status === 'FAILED' || d.status === 'GAVE_UP' ? 'warn' : undefined} title={d.error ?? undefined}>
                    {d.status.toLowerCase().replace('_', ' ')}
                    {d.httpStatus != null && ` (HTTP ${d.httpStatus})`}
                    {d.error && <span className="muted small"> {d.error}</span>}
                  </td>
                  <td>{d.attemptedAt ? timeAgo(d.attemptedAt) : `due ${timeAgo(d.nextAttemptAt)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {operator && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            Type{' '}
            <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as TargetForm['kind'] })} aria-label="Target type">
              <option value="WEBHOOK">Webhook</option>
              <option value="SLACK">Slack</option>
            </select>
          </label>{' '}
          <label>
            URL{' '}
            <input value={form.url} placeholder="https://hooks.example.com/hnp" onChange={(e) => setForm({ ...form, url: e.target.value })} aria-label="Target URL" />
          </label>{' '}
          {form.kind === 'WEBHOOK' && (
            <label>
              Secret{' '}
              <input type="password" autoComplete="new-password" value={form.secret} onChange={(e) => setForm({ ...form, secret: e.target.value })} aria-label="Signing secret" />
            </label>
          )}{' '}
          <fieldset className="small">
            <legend>Events (none checked: all)</legend>
            {NOTIFICATION_EVENTS.map((name) => (
              <label key={name}>
                <input type="checkbox" checked={form.events.includes(name)} onChange={(e) => toggleEvent(name, e.target.checked)} /> <code>{name}</code>{' '}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={added.fetching}>
            Add target
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
