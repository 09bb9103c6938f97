import { describe, expect, it, vi } from 'vitest';
import { endSession } from './logout';

describe('endSession', () => {
  it('calls the server before clearing the local session', async () => {
    const order: string[] = [];
    await endSession(
      async () => {
        order.push('server');
      },
      () => order.push('local'),
    );
    expect(order).toEqual(['server', 'local']);
  });
  it('clears the local session when the server call fails', async () => {
    const clear = vi.fn();
    await endSession(() => Promise.reject(new Error('UNAUTHENTICATED')), clear);
    expect(clear).toHaveBeenCalledOnce();
  });
  it('clears the local session when the server call throws synchronously', async () => {
    const clear = vi.fn();
    await endSession(() => {
      throw new Error('boom');
    }, clear);
    expect(clear).toHaveBeenCalledOnce();
  });
  it('does not wait for a server that never answers', async () => {
    vi.useFakeTimers();
    try {
      const clear = vi.fn();
      const done = endSession(() => new Promise(() => {}), clear, 1000);
      expect(clear).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1000);
      await done;
      expect(clear).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});
