import type { JsonValue } from '../graphql/scalars';
import { parseDrift } from './drift';

/** The drift report of a resource (`Resource.drift`): one row per differing field. */
export function DriftTable({ drift: value }: { drift: JsonValue | null | undefined }) {
  const drift = parseDrift(value);
  if (!drift || drift.differences.length === 0) return null;
  return (
    <>
      <h3>Drift</h3>
      <p className="muted">
        score {drift.score ?? '?'} · compared {drift.compared ?? '?'}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Path</th>
            <th>Desired</th>
            <th>Actual</th>
          </tr>
        </thead>
        <tbody>
          {drift.differences.map((d, i) => (
            <tr key={i}>
              <td>
                <code>{d.path}</code>
              </td>
              <td>
                <code>{JSON.stringify(d.desired)}</code>
              </td>
              <td>
                <code>{JSON.stringify(d.actual)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
