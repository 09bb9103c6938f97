import { describe, expect, it } from 'vitest';
import { commitUrl, webBase } from './links';

describe('commit links', () => {
  it('derives the web base of https and ssh remotes', () => {
    expect(webBase('https://github.com/acme/fabric.git')).toBe('https://github.com/acme/fabric');
    expect(webBase('https://token@github.com/acme/fabric/')).toBe('https://github.com/acme/fabric');
    expect(webBase('git@github.com:acme/fabric.git')).toBe('https://github.com/acme/fabric');
    expect(webBase('ssh://git@gitlab.example.com:2222/group/sub/fabric.git')).toBe(
      'https://gitlab.example.com/group/sub/fabric',
    );
    expect(webBase('file:///tmp/fabric.git')).toBeUndefined();
  });

  it('links commits on GitHub and GitLab only', () => {
    expect(commitUrl('https://github.com/acme/fabric.git', 'GITHUB', 'abc')).toBe(
      'https://github.com/acme/fabric/commit/abc',
    );
    expect(commitUrl('git@gitlab.com:acme/fabric.git', 'GITLAB', 'abc')).toBe(
      'https://gitlab.com/acme/fabric/-/commit/abc',
    );
    expect(commitUrl('https://git.example.com/fabric.git', 'GENERIC', 'abc')).toBeUndefined();
    expect(commitUrl('file:///tmp/x.git', 'GITHUB', 'abc')).toBeUndefined();
  });
});
