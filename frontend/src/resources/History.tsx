import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useClient, useQuery, type CombinedError } from 'urql';
import { ResourceCommitDiffQuery, ResourceHistoryQuery } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { shortSha, timeAgo } from '../common/time';
import { CHANNEL_LABELS, appendPage, channelOf, formatValue, groupByDay, hasCommitDiff, hasFieldDiff, isRevertable, kindLabel, splitActor, subject, type HistoryEvent, type HistoryPages } from './history';

/** Events read per page. */
export const HISTORY_PAGE = 20;

function Value({ value }: { value: Parameters<typeof formatValue>[0] }) {
  const f = formatValue(value);
  if (f.absent) return <span className="muted">—</span>;
  return f.multiline ? <pre className="value">{f.text}</pre> : <code>{f.text}</code>;
}

/** The values before and after of each field a commit changed, read when shown. */
function CommitDiff({ resourceId, commit, paths }: { resourceId: string; commit: string; paths: string[] }) {
  const [{ data, error, fetching }] = useQuery({ query: ResourceCommitDiffQuery, variables: { id: resourceId, commit } });
  if (fetching && !data) return <p className="muted small">Reading the commit…</p>;
  const changes = data?.resource?.commitDiff;
  if (!changes) {
    return (
      <>
        <ErrorBox error={error} />
        {!error && <p className="muted small">This server&apos;s Git cache does not hold the commit: the fields are listed without their values.</p>}
        <PathList paths={paths} />
      </>
    );
  }
  return (
    <table className="field-diff" data-testid="field-diff">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path} data-path={c.path}>
            <td>
              <code>{c.path}</code>
            </td>
            <td className="before">
              <Value value={c.before} />
            </td>
            <td className="after">
              <Value value={c.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PathList({ paths }: { paths: string[] }) {
  if (paths.length === 0) return null;
  return (
    <ul className="event-paths" data-testid="event-paths">
      {paths.map((p) => (
        <li key={p}>
          <code>{p}</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * What changed in one event, expandable: for a commit (Git commit, write-back) each field with
 * its values before and after, read from the commit when opened; otherwise the field paths; and
 * the full message when it has more lines.
 */
function EventChanges({ event, resourceId }: { event: HistoryEvent; resourceId?: string }) {
  const [open, setOpen] = useState(false);
  const body = (event.message ?? '').split('\n').slice(1).join('\n').trim();
  const values = !!resourceId && hasCommitDiff(event);
  if (event.paths.length === 0 && !body && !values) return null;
  const fieldWord = event.kind.startsWith('DRIFT') ? 'field(s) differ from the cluster' : event.kind === 'CONFLICT_OPENED' ? 'field(s) in conflict' : 'field(s) changed';
  const label = event.paths.length > 0 ? `${event.paths.length} ${fieldWord}` : values ? 'Changes' : 'Message';
  return (
    <details className="event-diff" data-testid="event-diff" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{label}</summary>
      {open && values && event.commit ? <CommitDiff resourceId={resourceId} commit={event.commit} paths={event.paths} /> : <PathList paths={event.paths} />}
      {body && <pre className="commit-message">{event.message}</pre>}
    </details>
  );
}

/** One event of the timeline: kind, path, who, when, commit, operation, message, changed fields. */
export function HistoryItem({ event, resourceId, onRevert }: { event: HistoryEvent; resourceId?: string; onRevert?: (e: HistoryEvent) => void }) {
  const channel = channelOf(event);
  const who = splitActor(event.actor);
  const line = subject(event.message);
  return (
    <li className={`event event-${channel}`} data-testid="history-event" data-kind={event.kind} data-channel={channel} data-commit={event.commit ?? undefined}>
      <div className="event-head">
        <strong className="event-kind">{kindLabel(event.kind)}</strong>
        <span className={`badge channel-${channel}`} title="Through which path the change came" data-testid="event-channel">
          {CHANNEL_LABELS[channel]}
        </span>
        <span className="event-actor" title={event.actor ?? undefined} data-testid="event-actor">
          {who.name}
        </span>
        <time className="muted" dateTime={event.at} title={new Date(event.at).toLocaleString()}>
          {timeAgo(event.at)}
        </time>
        {event.commit && (
          <code className="event-commit" title={event.commit} data-testid="event-commit">
            {shortSha(event.commit)}
          </code>
        )}
        {event.operationId && (
          <Link to={`/operations/${event.operationId}`} data-testid="event-operation">
            operation {event.operationId.slice(0, 8)}
          </Link>
        )}
        {onRevert && isRevertable(event) && (
          <button type="button" className="small secondary" onClick={() => onRevert(event)} data-testid="event-revert">
            Revert…
          </button>
        )}
      </div>
      {line && <div className="event-message">{line}</div>}
      {hasFieldDiff(event) || hasCommitDiff(event) || event.message?.includes('\n') ? <EventChanges event={event} resourceId={resourceId} /> : null}
    </li>
  );
}

/** The timeline: events grouped by day, newest first. */
export function HistoryList({ events, resourceId, onRevert }: { events: HistoryEvent[]; resourceId?: string; onRevert?: (e: HistoryEvent) => void }) {
  return (
    <div className="history" data-testid="history">
      {groupByDay(events).map((g) => (
        <section key={g.day} className="history-day">
          <h3>{g.label}</h3>
          <ol className="timeline">
            {g.events.map((e, i) => (
              <HistoryItem key={`${e.at}-${e.kind}-${e.commit ?? ''}-${i}`} event={e} resourceId={resourceId} onRevert={onRevert} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

/**
 * The History tab: the resource's events a page at a time ("Load more" reads the next page with
 * `after`), read again from the first page when the resource changes (`stamp`).
 */
export function HistoryTab({ id, stamp, onRevert }: { id: string; stamp: string; onRevert?: (e: HistoryEvent) => void }) {
  const client = useClient();
  const [pages, setPages] = useState<HistoryPages<HistoryEvent> | null>(null);
  const [error, setError] = useState<CombinedError | undefined>();
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (after: string | null, loaded: HistoryPages<HistoryEvent> | null) => {
      const mine = ++generation.current;
      setLoading(true);
      const r = await client.query(ResourceHistoryQuery, { id, first: HISTORY_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
      if (mine !== generation.current) return;
      setLoading(false);
      setError(r.error);
      const page = r.data?.resource?.history;
      if (page) setPages(appendPage(loaded, page));
    },
    [client, id],
  );

  useEffect(() => {
    setPages(null);
    void load(null, null);
  }, [load, stamp]);

  return (
    <div className="card" data-testid="history-tab">
      <h2>
        History {pages && <span className="muted small" data-testid="history-count">({pages.events.length} of {pages.totalCount})</span>}
      </h2>
      <ErrorBox error={error} />
      {pages && pages.events.length === 0 && <p className="muted">No recorded event for this resource.</p>}
      {pages && <HistoryList events={pages.events} resourceId={id} onRevert={onRevert} />}
      {loading && <p role="status">Loading…</p>}
      {pages?.hasNextPage && (
        <button type="button" className="secondary" disabled={loading} onClick={() => void load(pages.endCursor, pages)} data-testid="history-more">
          Load more
        </button>
      )}
    </div>
  );
}
