import { describe, expect, it } from 'vitest';
import { targetProblem, targetVariables, type TargetForm } from './notifyForm';

const form = (f: Partial<TargetForm>): TargetForm => ({ kind: 'WEBHOOK', url: 'https://hooks.example/x', secret: '', events: [], ...f });

describe('targetProblem', () => {
  it('accepts http and https URLs', () => {
    expect(targetProblem(form({}))).toBeNull();
    expect(targetProblem(form({ url: 'http://10.0.0.1:8080/hook' }))).toBeNull();
  });

  it('names the field at fault', () => {
    expect(targetProblem(form({ url: ' ' }))?.field).toBe('url');
    expect(targetProblem(form({ url: 'hooks.example/x' }))?.field).toBe('url');
    expect(targetProblem(form({ url: 'ftp://hooks.example/x' }))?.message).toMatch(/http/);
    expect(targetProblem(form({ url: 'https://u:p@hooks.example/x' }))?.field).toBe('url');
    expect(targetProblem(form({ kind: 'SLACK', secret: 's' }))?.field).toBe('secret');
  });
});

describe('targetVariables', () => {
  it('sends the secret of a webhook only', () => {
    expect(targetVariables('1', form({ secret: 's', url: ' https://h/x ' }))).toEqual({
      fabricId: '1',
      kind: 'WEBHOOK',
      url: 'https://h/x',
      secret: 's',
      events: [],
    });
    expect(targetVariables('1', form({ secret: '' })).secret).toBeNull();
  });
});
