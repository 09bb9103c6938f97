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

/**
 * Reads `extensions.problems` of a `VALIDATION_FAILED` error: a list of `{ path, message }`
 * (or a single one); anything else yields no problems.
 */
export function parseProblems(value: unknown): ApiProblem[] {
  const list: unknown[] = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  return list.flatMap((p) => {
    if (!p || typeof p !== 'object') return [];
    const { path, message } = p as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    return [{ path: typeof path === 'string' ? path : '', message }];
  });
}

/** Flattens a CombinedError into messages with their `extensions.code` and problems. */
export function apiErrors(error: CombinedError | null | undefined): ApiErrorItem[] {
  if (!error) return [];
  const items: ApiErrorItem[] = error.graphQLErrors.map((e) => {
    const ext = e.extensions ?? {};
    return { message: e.message, code: typeof ext.code === 'string' ? ext.code : undefined, problems: parseProblems(ext.problems) };
  });
  if (error.networkError) items.push({ message: error.networkError.message, code: 'NETWORK_ERROR', problems: [] });
  if (items.length === 0) items.push({ message: error.message, problems: [] });
  return items;
}

export function hasCode(error: CombinedError | null | undefined, code: string): boolean {
  return apiErrors(error).some((e) => e.code === code);
}
