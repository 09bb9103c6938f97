import type { CombinedError } from 'urql';
import { apiErrors, type ApiProblem } from '../common/errors';

/** A list of `{ path, message }` problems (admission errors, schema problems of a draft). */
export function Problems({ problems, title, testId = 'validation-problems' }: { problems: ApiProblem[]; title: string; testId?: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="error problems" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <code>{p.path}</code>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The field problems of every error of a failed request. */
export function problemsOf(error: CombinedError | undefined): ApiProblem[] {
  return apiErrors(error).flatMap((e) => e.problems);
}
