// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ResourceLinks } from './ResourceLinks';

afterEach(cleanup);

describe('ResourceLinks', () => {
  it('links existing resources both ways and marks missing targets', () => {
    render(
      <MemoryRouter>
        <ResourceLinks
          references={[
            { kind: 'Connection', name: 'server-1--mclag', path: 'spec.connection', resourceId: null },
            { kind: 'VPC', name: 'vpc-1', path: 'spec.subnet', resourceId: '7' },
          ]}
          referencedBy={[]}
        />
      </MemoryRouter>,
    );
    const refs = screen.getByTestId('references');
    expect(within(refs).getByRole('link', { name: 'vpc-1' }).getAttribute('href')).toBe('/resources/7');
    expect(within(refs).queryByRole('link', { name: 'server-1--mclag' })).toBeNull();
    expect(within(refs).getByText('missing')).toBeTruthy();
    expect(within(refs).getByText('spec.subnet')).toBeTruthy();
    expect(within(screen.getByTestId('referenced-by')).getByText('No resource refers to this one.')).toBeTruthy();
  });

  it('lists referrers with the field that refers', () => {
    render(
      <MemoryRouter>
        <ResourceLinks references={[]} referencedBy={[{ kind: 'VPCAttachment', name: 'att-1', path: 'spec.subnet', resourceId: '9' }]} />
      </MemoryRouter>,
    );
    const by = screen.getByTestId('referenced-by');
    expect(within(by).getByRole('link', { name: 'att-1' }).getAttribute('href')).toBe('/resources/9');
    expect(within(screen.getByTestId('references')).getByText('Refers to no other resource.')).toBeTruthy();
  });
});
