import { useEffect, useMemo, useRef } from 'react';
import { useQuery } from 'urql';
import { ResourceBlameQuery } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { shortSha, timeAgo } from '../common/time';
import { blameLines, blameSummary, type FieldBlame } from './blame';
import { splitActor } from './history';
import type { JsonValue } from '../graphql/scalars';

const SOURCE_LABEL = { GIT: 'Git', GUI: 'GUI' } as const;

/** Who last set one leaf: short sha, author, age and source; "not in the recorded history" without. */
export function BlameMeta({ blame, faint }: { blame: FieldBlame; faint?: boolean }) {
  if (!blame.commit && !blame.author) {
    return <span className="blame-meta muted small">not in the recorded history</span>;
  }
  const who = splitActor(blame.author);
  return (
    <span className={`blame-meta small${faint ? ' faint' : ''}`}>
      {blame.source && (
        <span className={`badge badge-${blame.source === 'GUI' ? 'info' : 'muted'}`} data-testid="blame-source" data-value={blame.source}>
          {SOURCE_LABEL[blame.source]}
        </span>
      )}
      <code title={blame.commit ?? undefined} data-testid="blame-commit">
        {shortSha(blame.commit) || '—'}
      </code>{' '}
      <span className="blame-author" title={blame.author ?? undefined} data-testid="blame-author">
        {who.name}
      </span>{' '}
      <span className="muted" title={blame.at ?? undefined}>
        {blame.at ? timeAgo(blame.at) : ''}
      </span>
    </span>
  );
}

/** The desired spec with, beside each leaf line, who last set it. */
export function BlameView({ spec, blame }: { spec: JsonValue | undefined; blame: FieldBlame[] }) {
  const view = useMemo(() => blameLines(spec, blame), [spec, blame]);
  const sum = blameSummary(blame);
  if (view.lines.length === 0) return <p className="muted">No desired spec.</p>;
  return (
    <>
      <p className="muted small" data-testid="blame-summary">
        {blame.length} field(s): {sum.git} last set in Git, {sum.gui} through the GUI
        {sum.unknown > 0 && `, ${sum.unknown} not in the recorded history`}
      </p>
      <div className="blame" role="table" aria-label="Desired spec with field blame" data-testid="blame">
        {view.lines.map((l) => (
          <div
            key={l.line}
            className={`blame-row${l.blame ? ' leaf' : ''}`}
            role="row"
            data-testid={l.blame ? 'blame-line' : undefined}
            data-path={l.blame?.path}
            data-source={l.blame?.source ?? undefined}
          >
            <div className="blame-gutter" role="cell">
              {l.blame && <BlameMeta blame={l.blame} faint={l.repeat} />}
            </div>
            <code className="blame-text" role="cell">
              {l.text}
            </code>
          </div>
        ))}
      </div>
      {view.unplaced.length > 0 && (
        <ul className="blame-unplaced">
          {view.unplaced.map((b) => (
            <li key={b.path} data-testid="blame-line" data-path={b.path} data-source={b.source ?? undefined}>
              <code>{b.path}</code> <BlameMeta blame={b} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The blame card of a resource: its own query, refetched when the resource changes (`stamp`). */
export function BlameCard({ id, stamp }: { id: string; stamp: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ResourceBlameQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reexecute({ requestPolicy: 'network-only' });
  }, [stamp, reexecute]);
  const r = data?.resource?.id === id ? data.resource : null;
  return (
    <div className="card" data-testid="blame-card">
      <h2>Desired spec — blame</h2>
      <p className="muted small">Each field with the last commit that set it: short sha, author, age, and whether it came from Git or through the GUI (an HNP write-back).</p>
      <ErrorBox error={error} />
      {r ? <BlameView spec={r.desiredSpec ?? undefined} blame={r.blame} /> : fetching && <p>Loading…</p>}
    </div>
  );
}
