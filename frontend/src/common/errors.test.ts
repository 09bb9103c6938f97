import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { apiErrors, hasCode, parseProblems } from './errors';

describe('parseProblems', () => {
  it('reads a list or a single problem', () => {
    expect(parseProblems([{ path: 'spec.vlan', message: 'too big' }])).toEqual([{ path: 'spec.vlan', message: 'too big' }]);
    expect(parseProblems({ path: 'name', message: 'empty' })).toEqual([{ path: 'name', message: 'empty' }]);
  });
  it('drops what is not a problem', () => {
    expect(parseProblems(undefined)).toEqual([]);
    expect(parseProblems('x')).toEqual([]);
    expect(parseProblems([null, 3, { path: 'a' }, { message: 'no path' }])).toEqual([{ path: '', message: 'no path' }]);
  });
});

describe('apiErrors', () => {
  it('keeps the code and the problems of each error', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('invalid', { extensions: { code: 'VALIDATION_FAILED', problems: [{ path: 'spec.vlan', message: 'too big' }] } }),
      ],
    });
    expect(apiErrors(error)).toEqual([{ message: 'invalid', code: 'VALIDATION_FAILED', problems: [{ path: 'spec.vlan', message: 'too big' }] }]);
    expect(hasCode(error, 'VALIDATION_FAILED')).toBe(true);
    expect(apiErrors(undefined)).toEqual([]);
  });
});
