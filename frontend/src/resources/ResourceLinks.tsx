import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { ResourceLinksQuery } from './operations';
import { ErrorBox } from '../common/ErrorBox';

export interface ResourceLinkItem {
  kind: string;
  name: string;
  /** The referring field, in the referring resource's spec. */
  path: string;
  resourceId?: string | null;
}

function LinkList({ title, items, empty, testId }: { title: string; items: ResourceLinkItem[]; empty: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="resource-links">
          {items.map((l) => (
            <li key={`${l.kind}/${l.name}/${l.path}`} data-link={`${l.kind}/${l.name}`}>
              <span className="muted">{l.kind}</span>{' '}
              {l.resourceId ? (
                <Link to={`/resources/${l.resourceId}`}>{l.name}</Link>
              ) : (
                <span title="not in this fabric">
                  {l.name} <span className="badge badge-warn">missing</span>
                </span>
              )}{' '}
              <code className="muted">{l.path}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * What a resource refers to (a VPCAttachment: its Connection and VPC; a Connection: its switches
 * and servers) and what refers to it (a VPC: its attachments and peerings), each linked to its
 * page when it exists in the fabric.
 */
export function ResourceLinks({ references, referencedBy }: { references: ResourceLinkItem[]; referencedBy: ResourceLinkItem[] }) {
  return (
    <div className="card two-cols" data-testid="resource-links">
      <LinkList title="References" items={references} empty="Refers to no other resource." testId="references" />
      <LinkList title="Referenced by" items={referencedBy} empty="No resource refers to this one." testId="referenced-by" />
    </div>
  );
}

/** The links of resource `id`, loaded on their own; read again when `stamp` (its draft or desired commit) changes. */
export function ResourceLinksSection({ id, stamp }: { id: string; stamp: string }) {
  const [{ data, error }, reexecute] = useQuery({ query: ResourceLinksQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reexecute({ requestPolicy: 'network-only' });
  }, [stamp, reexecute]);
  // While another resource's links are still the last result (navigating from one resource
  // page to another), show nothing rather than the previous resource's links.
  const r = data?.resource?.id === id ? data.resource : null;
  if (error) return <ErrorBox error={error} />;
  if (!r) return null;
  return <ResourceLinks references={r.references} referencedBy={r.referencedBy} />;
}
