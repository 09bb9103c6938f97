import { Fragment, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { AuditEventsQuery } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { changes, EMPTY_FILTER, filterVariables, targetLink, type AuditFilterForm } from './audit';

/** How often the log is re-read while "Live" is on. */
const LIVE_MS = 5000;

/** The audit log, newest first, filtered on the server, with before/after values and live refresh. */
export function AuditPanel() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [live, setLive] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const [{ data, error }, refetch] = useQuery({
    query: AuditEventsQuery,
    variables: { first: 50, after: cursors[cursors.length - 1], ...filterVariables(applied) },
  });
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => refetch({ requestPolicy: 'network-only' }), LIVE_MS);
    return () => clearInterval(t);
  }, [live, refetch]);
  const conn = data?.auditEvents;
  const field = (key: keyof AuditFilterForm, label: string, type = 'text', placeholder?: string) => (
    <label>
      {label}
      <input type={type} value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <div className="card" data-testid="audit-panel">
      <h2>Audit log</h2>
      <form
        className="filters"
        data-testid="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
          setCursors([null]);
        }}
      >
        {field('actor', 'User', 'text', 'username')}
        {field('action', 'Action', 'text', 'contains, e.g. feature_flag')}
        {field('targetType', 'Target type', 'text', 'resource, fabric, user…')}
        {field('targetId', 'Target id')}
        {field('since', 'From', 'datetime-local')}
        {field('until', 'To', 'datetime-local')}
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setForm(EMPTY_FILTER);
            setApplied(EMPTY_FILTER);
            setCursors([null]);
          }}
        >
          Clear
        </button>
        <label className="inline">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live (every {LIVE_MS / 1000} s)
        </label>
      </form>
      <ErrorBox error={error} />
      {conn && (
        <>
          <p className="muted" data-testid="audit-total">
            {conn.totalCount} events
          </p>
          <table className="table audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Target</th>
                <th>Summary</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {conn.nodes.map((e) => {
                const link = targetLink(e.targetType, e.targetId, e.fabricId);
                const diff = changes(e.before, e.after);
                const target = `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}`;
                return (
                  <Fragment key={e.id}>
                    <tr data-audit-id={e.id} data-action={e.action}>
                      <td title={e.createdAt}>{timeAgo(e.createdAt)}</td>
                      <td>{e.actor ?? 'system'}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>{link ? <Link to={link}>{target}</Link> : target}</td>
                      <td>{e.summary}</td>
                      <td>
                        {diff.length > 0 && (
                          <button type="button" className="small link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                            {diff.length} change{diff.length === 1 ? '' : 's'}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open === e.id && (
                      <tr data-testid="audit-changes">
                        <td colSpan={6}>
                          <table className="table">
                            <thead>
                              <tr>
                                <th>Field</th>
                                <th>Before</th>
                                <th>After</th>
                              </tr>
                            </thead>
                            <tbody>
                              {diff.map((c) => (
                                <tr key={c.field} data-field={c.field}>
                                  <td>
                                    <code>{c.field || '(value)'}</code>
                                  </td>
                                  <td data-testid="before">
                                    <code>{c.before}</code>
                                  </td>
                                  <td data-testid="after">
                                    <code>{c.after}</code>
                                  </td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous
            </button>
            <button type="button" disabled={!conn.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, conn.pageInfo.endCursor ?? null])}>
              Next
            </button>
          </div>
        </>
      )}
    </div>
  );
}
