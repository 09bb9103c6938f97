// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import { HistoryTab } from './History';
import { BlameView } from './Blame';
import type { HistoryEvent } from './history';

afterEach(cleanup);

const SHA1 = '1111111111aaaaaaaaaabbbbbbbbbbcccccccccc';
const SHA2 = '2222222222aaaaaaaaaabbbbbbbbbbcccccccccc';

const events: HistoryEvent[] = [
  {
    kind: 'WRITE_BACK',
    at: '2026-03-10T12:00:05Z',
    actor: 'admin',
    commit: SHA2,
    operationId: '42',
    message: 'HNP: update 1 VPC\n\n- update VPC default/vpc-1',
    paths: ['spec.subnets.subnet-1.vlan'],
  },
  { kind: 'DRAFT_SAVED', at: '2026-03-10T12:00:01Z', actor: 'admin', paths: ['spec.subnets.subnet-1.vlan'] },
  {
    kind: 'GIT_COMMIT',
    at: '2026-03-09T08:00:00Z',
    actor: 'Ada Lovelace <ada@example.com>',
    commit: SHA1,
    message: 'Widen the DHCP range',
    paths: ['spec.subnets.subnet-1.dhcp.range.end', 'metadata.labels.team'],
  },
  { kind: 'DRIFT_STARTED', at: '2026-03-08T08:00:00Z', actor: 'system', paths: ['spec.subnets.subnet-1.vlan'] },
  { kind: 'CREATED', at: '2026-03-01T08:00:00Z', actor: 'Ada Lovelace <ada@example.com>', commit: '3'.repeat(40), message: 'Add vpc-1', paths: [] },
];

/** A client answering `ResourceHistory` pages of two from `events` (offset cursors, as the API). */
function client(events: HistoryEvent[]) {
  const query = vi.fn((_q: unknown, vars: { first: number; after: string | null }) => {
    const offset = vars.after == null ? 0 : Number(vars.after) + 1;
    const nodes = events.slice(offset, offset + vars.first);
    const end = offset + nodes.length - 1;
    return {
      toPromise: () =>
        Promise.resolve({
          data: {
            resource: {
              id: '7',
              history: { totalCount: events.length, pageInfo: { hasNextPage: end + 1 < events.length, endCursor: String(end) }, nodes },
            },
          },
        }),
    };
  });
  // `ResourceCommitDiff` (an expanded commit event): the Git commit's values; null (not in the
  // cache) for any other commit.
  const executeQuery = vi.fn((op: { variables: { commit: string } }) =>
    fromValue({
      data: {
        resource: {
          id: '7',
          commitDiff:
            op.variables.commit === SHA1
              ? [
                  { path: 'spec.subnets.subnet-1.dhcp.range.end', before: '10.0.1.99', after: '10.0.1.200' },
                  { path: 'metadata.labels.team', before: null, after: 'net' },
                ]
              : null,
        },
      },
    }),
  );
  return { c: { query, executeQuery } as unknown as Client, query, executeQuery };
}

describe('HistoryTab', () => {
  it('shows the timeline newest first with kind, path, who, commit, operation and fields, and loads more', async () => {
    const { c, query } = client(events);
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-10T12:10:00Z'));
    render(
      <Provider value={c}>
        <MemoryRouter>
          <HistoryTab id="7" stamp="s" onRevert={() => {}} />
        </MemoryRouter>
      </Provider>,
    );
    // HISTORY_PAGE events are asked for; the mock pages them by `first`.
    await screen.findAllByTestId('history-event');
    expect(query).toHaveBeenCalledTimes(1);
    const items = screen.getAllByTestId('history-event');
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['WRITE_BACK', 'DRAFT_SAVED', 'GIT_COMMIT', 'DRIFT_STARTED', 'CREATED']);
    const wb = items[0];
    expect(within(wb).getByText('Write-back')).toBeTruthy();
    expect(within(wb).getByTestId('event-channel').textContent).toBe('UI');
    expect(within(wb).getByTestId('event-actor').textContent).toBe('admin');
    expect(within(wb).getByTestId('event-commit').textContent).toBe(SHA2.slice(0, 10));
    expect(within(wb).getByTestId('event-operation').getAttribute('href')).toBe('/operations/42');
    expect(within(wb).getByText('HNP: update 1 VPC')).toBeTruthy();
    expect(within(wb).getByText('9m ago')).toBeTruthy();
    const git = items[2];
    expect(within(git).getByTestId('event-channel').textContent).toBe('Git');
    expect(within(git).getByTestId('event-actor').textContent).toBe('Ada Lovelace');
    expect(within(git).getByTestId('event-actor').getAttribute('title')).toBe('Ada Lovelace <ada@example.com>');
    const diff = within(git).getByTestId('event-diff');
    expect(within(diff).getByText('2 field(s) changed')).toBeTruthy();
    expect(within(diff).getByText('spec.subnets.subnet-1.dhcp.range.end')).toBeTruthy();
    // Opening the commit's diff reads its values before and after.
    const toggle = diff as HTMLDetailsElement;
    toggle.open = true;
    fireEvent(toggle, new Event('toggle'));
    const table = await within(git).findByTestId('field-diff');
    const rows = within(table).getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent));
    expect(rows).toEqual([
      ['spec.subnets.subnet-1.dhcp.range.end', '10.0.1.99', '10.0.1.200'],
      ['metadata.labels.team', '—', 'net'],
    ]);
    // A write-back whose commit this server's cache does not hold: the paths, said so.
    const wbDiff = within(wb).getByTestId('event-diff') as HTMLDetailsElement;
    wbDiff.open = true;
    fireEvent(wbDiff, new Event('toggle'));
    await within(wb).findByText(/does not hold the commit/);
    expect(within(wb).getByText('spec.subnets.subnet-1.vlan')).toBeTruthy();
    expect(within(items[3]).getByTestId('event-channel').textContent).toBe('Cluster');
    expect(within(items[3]).getByText('1 field(s) differ from the cluster')).toBeTruthy();
    // Revert is offered on commits only.
    expect(items.map((i) => within(i).queryByTestId('event-revert') !== null)).toEqual([true, false, true, false, true]);
    expect(screen.queryByTestId('history-more')).toBeNull();
    expect(screen.getByTestId('history-count').textContent).toBe('(5 of 5)');
    vi.restoreAllMocks();
  });

  it('reads the next page with `after` on Load more', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...events[2], commit: `${i}`.padStart(40, '0'), at: new Date(Date.UTC(2026, 2, 1, 0, 25 - i)).toISOString() }));
    const { c, query } = client(many);
    render(
      <Provider value={c}>
        <MemoryRouter>
          <HistoryTab id="7" stamp="s" />
        </MemoryRouter>
      </Provider>,
    );
    await screen.findAllByTestId('history-event');
    expect(screen.getAllByTestId('history-event')).toHaveLength(20);
    expect(screen.getByTestId('history-count').textContent).toBe('(20 of 25)');
    fireEvent.click(screen.getByTestId('history-more'));
    await screen.findByText('(25 of 25)');
    expect(query).toHaveBeenCalledTimes(2);
    expect(query.mock.calls[1][1]).toMatchObject({ id: '7', first: 20, after: '19' });
    const commits = screen.getAllByTestId('history-event').map((i) => i.getAttribute('data-commit'));
    expect(new Set(commits).size).toBe(25);
    expect(screen.queryByTestId('history-more')).toBeNull();
    // No revert offered without a handler.
    expect(screen.queryByTestId('event-revert')).toBeNull();
  });
});

describe('BlameView', () => {
  it('shows sha, author, age and source beside each leaf line', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-12T12:00:00Z'));
    render(
      <BlameView
        spec={{ subnets: { 'subnet-1': { subnet: '10.0.1.0/24', vlan: 1001 } } }}
        blame={[
          { path: 'spec.subnets.subnet-1.subnet', commit: SHA1, author: 'Ada Lovelace <ada@example.com>', at: '2026-03-10T12:00:00Z', source: 'GIT' },
          { path: 'spec.subnets.subnet-1.vlan', commit: SHA2, author: 'admin', at: '2026-03-11T12:00:00Z', source: 'GUI' },
        ]}
      />,
    );
    const lines = screen.getAllByTestId('blame-line');
    expect(lines.map((l) => l.getAttribute('data-path'))).toEqual(['spec.subnets.subnet-1.subnet', 'spec.subnets.subnet-1.vlan']);
    expect(lines[0].textContent).toContain('subnet: 10.0.1.0/24');
    expect(within(lines[0]).getByTestId('blame-commit').textContent).toBe(SHA1.slice(0, 10));
    expect(within(lines[0]).getByTestId('blame-author').textContent).toBe('Ada Lovelace');
    expect(within(lines[0]).getByTestId('blame-source').textContent).toBe('Git');
    expect(within(lines[0]).getByText('2d ago')).toBeTruthy();
    expect(within(lines[1]).getByTestId('blame-source').textContent).toBe('GUI');
    expect(within(lines[1]).getByTestId('blame-author').textContent).toBe('admin');
    expect(screen.getByTestId('blame-summary').textContent).toContain('2 field(s): 1 last set in Git, 1 through the GUI');
    vi.restoreAllMocks();
  });
});
