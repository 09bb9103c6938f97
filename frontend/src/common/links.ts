/** Web links into a repository's hosting service, when its URL and provider make them known. */

/** The web base (`https://host/owner/repo`) of an https or ssh remote URL; undefined otherwise. */
export function webBase(url: string): string | undefined {
  let m = /^https?:\/\/(?:[^@/]+@)?([^/]+)\/(.+?)(?:\.git)?\/?$/.exec(url);
  if (m) return `https://${m[1]}/${m[2]}`;
  m = /^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(url);
  if (m) return `https://${m[1]}/${m[2]}`;
  m = /^[^@/:]+@([^:/]+):(.+?)(?:\.git)?\/?$/.exec(url);
  if (m) return `https://${m[1]}/${m[2]}`;
  return undefined;
}

/** Link to a commit on GitHub or GitLab; undefined for other providers or local remotes. */
export function commitUrl(repoUrl: string, provider: string, sha: string): string | undefined {
  const base = webBase(repoUrl);
  if (!base) return undefined;
  if (provider === 'GITHUB') return `${base}/commit/${sha}`;
  if (provider === 'GITLAB') return `${base}/-/commit/${sha}`;
  return undefined;
}
