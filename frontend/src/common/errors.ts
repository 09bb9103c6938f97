import type { CombinedError } from 'urql';

export interface ApiProblem {
  path: string;
  message: string;
}

export interface ApiErrorItem {
  message: string;
  code?: string;
  problems: ApiProblem[];
}

/** Flattens a CombinedError into messages with their `extensions.code` and problems. */
export function apiErrors(error: CombinedError | null | undefined): ApiErrorItem[] {
  if (!error) return [];
  const items: ApiErrorItem[] = error.graphQLErrors.map((e) => {
    const ext = (e.extensions ?? {}) as { code?: unknown; problems?: unknown };
    let problems: ApiProblem[] = [];
    if (Array.isArray(ext.problems)) problems = ext.problems as ApiProblem[];
    else if (ext.problems && typeof ext.problems === 'object') problems = [ext.problems as ApiProblem];
    return { message: e.message, code: typeof ext.code === 'string' ? ext.code : undefined, problems };
  });
  if (error.networkError) items.push({ message: error.networkError.message, code: 'NETWORK_ERROR', problems: [] });
  if (items.length === 0) items.push({ message: error.message, problems: [] });
  return items;
}

export function hasCode(error: CombinedError | null | undefined, code: string): boolean {
  return apiErrors(error).some((e) => e.code === code);
}
