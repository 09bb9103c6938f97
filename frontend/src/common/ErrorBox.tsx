import type { CombinedError } from 'urql';
import { apiErrors } from './errors';

/** Shows every API error with its message and `extensions.code` (and field problems). */
export function ErrorBox({ error, title }: { error: CombinedError | null | undefined; title?: string }) {
  const items = apiErrors(error);
  if (items.length === 0) return null;
  return (
    <div className="error" role="alert">
      {title && <strong>{title}: </strong>}
      {items.map((e, i) => (
        <div key={i} className="error-item">
          {e.code && <code className="error-code">{e.code}</code>} <span className="error-message">{e.message}</span>
          {e.problems.length > 0 && (
            <ul>
              {e.problems.map((p, j) => (
                <li key={j}>
                  <code>{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}
