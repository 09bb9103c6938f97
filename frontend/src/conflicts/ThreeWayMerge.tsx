import { useEffect, useMemo, useState } from 'react';
import { useMutation } from 'urql';
import { ResolveConflictMutation } from './operations';
import type { ConflictFieldsFragment, Resolution } from '../graphql/generated/graphql';
import type { JsonObject, JsonValue } from '../graphql/scalars';
import { canOperate, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { YamlEditor } from '../common/cm/YamlEditor';
import { specSegments } from '../common/specPath';
import { getAt, mergeWithChoices, type Side } from './merge';
import { lineOfPath, specToYaml, yamlToSpec } from '../common/yamlSpec';
import { shortSha, timeAgo } from '../common/time';

const STRATEGIES: { strategy: Resolution; label: string; help: string }[] = [
  { strategy: 'GUI_WINS', label: 'GUI wins', help: 'keep the draft; it goes to Git with the next write-back' },
  { strategy: 'GIT_WINS', label: 'Git wins', help: "discard the draft; Git's version stays" },
  { strategy: 'MERGE', label: 'Merge', help: 'the merged result below becomes the draft' },
  { strategy: 'MANUAL', label: 'Manual', help: 'an out-of-band fix was made; accept the draft as it stands now' },
];

/** One conflict: the three sides, a field choice per conflicting path, the merged result and the strategies. */
export function ThreeWayMerge({ conflict, onResolved }: { conflict: ConflictFieldsFragment; onResolved: (text: string) => void }) {
  const { user } = useSession();
  const operator = canOperate(user?.role);
  const open = conflict.status === 'OPEN';
  // Keyed by content: a refetch that returns the same conflict keeps the merged text as typed.
  const sidesKey = JSON.stringify([conflict.baseSpec, conflict.guiSpec, conflict.gitSpec]);
  const sides = useMemo(
    () => ({ base: conflict.baseSpec ?? undefined, gui: conflict.guiSpec ?? undefined, git: conflict.gitSpec ?? undefined }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sidesKey],
  );
  const pathsKey = conflict.paths.join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const paths = useMemo(() => conflict.paths, [pathsKey]);
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const computed = useMemo(() => specToYaml(mergeWithChoices(sides, paths, choices) ?? {}), [sides, paths, choices]);
  const [merged, setMerged] = useState(computed);
  useEffect(() => setMerged(computed), [computed]);
  const [parseError, setParseError] = useState<string | null>(null);
  const [result, resolve] = useMutation(ResolveConflictMutation);

  const texts = useMemo(
    () => ({ base: specToYaml(sides.base), gui: specToYaml(sides.gui), git: specToYaml(sides.git) }),
    [sides],
  );
  const lines = (text: string) => conflict.paths.map((p) => lineOfPath(text, p)).filter((n): n is number => n !== null);

  const run = async (strategy: Resolution) => {
    let mergedSpec: JsonObject | undefined = undefined;
    if (strategy === 'MERGE') {
      const parsed = yamlToSpec(merged);
      if (!parsed.ok) return setParseError(parsed.error);
      mergedSpec = parsed.spec;
    }
    setParseError(null);
    const res = await resolve({ conflictId: conflict.id, strategy, mergedSpec });
    if (res.data) {
      onResolved(`Resolved with ${strategy}. Run "Sync to Git" on the fabric to write it back.`);
    }
  };

  const show = (v: JsonValue | undefined) => (v === undefined ? <span className="muted">(absent)</span> : <code>{JSON.stringify(v)}</code>);

  return (
    <div className="card" data-testid="three-way">
      <h2>
        Conflict on {conflict.resource ? `${conflict.resource.kind} ${conflict.resource.name}` : conflict.resourceId} <Badge value={conflict.status} />
      </h2>
      <p className="muted">
        {conflict.type.replace(/_/g, ' ')} · detected {timeAgo(conflict.detectedAt)}
        {conflict.gitCommit && <> · Git commit <code>{shortSha(conflict.gitCommit)}</code></>}
      </p>
      <h3>Conflicting fields</h3>
      <table className="table paths">
        <thead>
          <tr>
            <th>Path</th>
            <th>Base</th>
            <th>GUI</th>
            <th>Git</th>
            <th>Take</th>
          </tr>
        </thead>
        <tbody>
          {conflict.paths.map((p) => {
            const segs = specSegments(p);
            const choice = choices[p] ?? 'git';
            return (
              <tr key={p} className="conflict-path">
                <td>
                  <code>{p}</code>
                </td>
                <td>{show(getAt(sides.base, segs))}</td>
                <td>{show(getAt(sides.gui, segs))}</td>
                <td>{show(getAt(sides.git, segs))}</td>
                <td className="choice">
                  {(['base', 'gui', 'git'] as Side[]).map((s) => (
                    <label key={s} className="inline">
                      <input
                        type="radio"
                        name={`choice-${p}`}
                        checked={choice === s}
                        disabled={!open}
                        onChange={() => setChoices({ ...choices, [p]: s })}
                      />
                      {s === 'gui' ? 'GUI' : s === 'git' ? 'Git' : 'base'}
                    </label>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="three-cols">
        <div>
          <h3>Base</h3>
          <YamlEditor value={texts.base} readOnly highlight={lines(texts.base)} testId="side-base" />
        </div>
        <div>
          <h3>GUI (draft)</h3>
          <YamlEditor value={texts.gui} readOnly highlight={lines(texts.gui)} testId="side-gui" />
        </div>
        <div>
          <h3>Git</h3>
          <YamlEditor value={texts.git} readOnly highlight={lines(texts.git)} testId="side-git" />
        </div>
      </div>
      <h3>Merged result</h3>
      <p className="muted small">Built from the field choices above; edit it freely, then use Merge.</p>
      <YamlEditor value={merged} onChange={setMerged} readOnly={!open || !operator} highlight={lines(merged)} testId="merged-editor" label="Merged spec (YAML)" lint />
      {parseError && (
        <div className="error" role="alert">
          <code className="error-code">YAML</code> {parseError}
        </div>
      )}
      {open ? (
        <>
          <div className="buttons">
            {STRATEGIES.map((s) => (
              <button key={s.strategy} type="button" title={s.help} disabled={!operator || result.fetching} onClick={() => void run(s.strategy)}>
                {s.label}
              </button>
            ))}
          </div>
          <ul className="muted small">
            {STRATEGIES.map((s) => (
              <li key={s.strategy}>
                <strong>{s.label}</strong>: {s.help}
              </li>
            ))}
          </ul>
          {!operator && <p className="muted explain">Your role ({user?.role}) cannot resolve conflicts.</p>}
        </>
      ) : (
        <p>
          Resolved {conflict.resolution ? `with ${conflict.resolution}` : ''} {timeAgo(conflict.resolvedAt)}.
        </p>
      )}
      <ErrorBox error={result.error} />
    </div>
  );
}
