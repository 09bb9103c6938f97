// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import { AuditPanel } from './AuditPanel';

afterEach(cleanup);

const events = [
  {
    id: '2',
    actor: 'admin',
    action: 'feature_flag.set',
    targetType: 'feature_flag',
    targetId: 'bidirectional_sync',
    fabricId: '4',
    summary: 'bidirectional_sync of fabric 4 off',
    before: { enabled: true },
    after: { enabled: false },
    createdAt: '2026-03-10T12:00:00Z',
  },
  {
    id: '1',
    actor: null,
    action: 'resource.draft.update',
    targetType: 'resource',
    targetId: '12',
    fabricId: '4',
    summary: 'draft of VPC vpc-1',
    before: null,
    after: null,
    createdAt: '2026-03-10T11:00:00Z',
  },
];

function renderPanel() {
  const executeQuery = vi.fn(() => fromValue({ data: { auditEvents: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, nodes: events } } }));
  const client = { executeQuery, executeSubscription: vi.fn(() => never), executeMutation: vi.fn(() => never) } as unknown as Client;
  render(
    <Provider value={client}>
      <MemoryRouter>
        <AuditPanel />
      </MemoryRouter>
    </Provider>,
  );
  const lastVariables = () => (executeQuery.mock.calls.at(-1) as unknown as [{ variables: Record<string, unknown> }])[0].variables;
  return { executeQuery, lastVariables };
}

describe('AuditPanel', () => {
  it('sends the filters to the server and clears them', () => {
    const { lastVariables } = renderPanel();
    expect(lastVariables()).toMatchObject({ actor: null, action: null, since: null, first: 50 });
    const form = screen.getByTestId('audit-filters');
    fireEvent.change(within(form).getByLabelText('User'), { target: { value: 'admin' } });
    fireEvent.change(within(form).getByLabelText('Action'), { target: { value: 'feature_flag' } });
    fireEvent.change(within(form).getByLabelText('Target type'), { target: { value: 'resource' } });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2026-03-01T10:00' } });
    // Typing alone does not query.
    expect(lastVariables()).toMatchObject({ actor: null });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply filters' }));
    expect(lastVariables()).toMatchObject({
      actor: 'admin',
      action: 'feature_flag',
      targetType: 'resource',
      targetId: null,
      since: new Date('2026-03-01T10:00').toISOString(),
      until: null,
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Clear' }));
    expect(lastVariables()).toMatchObject({ actor: null, action: null, targetType: null, since: null });
  });

  it('links targets and shows what an action changed', () => {
    renderPanel();
    const flag = document.querySelector('tr[data-audit-id="2"]') as HTMLElement;
    expect(within(flag).getByRole('link', { name: 'feature_flag bidirectional_sync' }).getAttribute('href')).toBe('/fabrics/4');
    const draft = document.querySelector('tr[data-audit-id="1"]') as HTMLElement;
    expect(within(draft).getByRole('link', { name: 'resource 12' }).getAttribute('href')).toBe('/resources/12');
    expect(within(draft).getByText('system')).toBeTruthy();
    expect(within(draft).queryByRole('button')).toBeNull();
    fireEvent.click(within(flag).getByRole('button', { name: '1 change' }));
    const change = within(screen.getByTestId('audit-changes')).getByText('enabled').closest('tr') as HTMLElement;
    expect(within(change).getByTestId('before').textContent).toBe('true');
    expect(within(change).getByTestId('after').textContent).toBe('false');
  });
});
