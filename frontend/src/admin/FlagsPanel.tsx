import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ClearFeatureFlagMutation, FeatureFlagsQuery, SetFeatureFlagMutation } from './operations';
import type { FeatureFlagKey } from '../graphql/generated/graphql';
import { ErrorBox } from '../common/ErrorBox';

interface FlagRow {
  key: FeatureFlagKey;
  enabled: boolean;
  source: string;
  reason?: string | null;
  updatedBy?: string | null;
}

/** Feature flags, global and per fabric, with a reason for each change. */
export function FlagsPanel() {
  const [{ data, error }, refetch] = useQuery({ query: FeatureFlagsQuery });
  const [result, setFlag] = useMutation(SetFeatureFlagMutation);
  const [clearResult, clearFlag] = useMutation(ClearFeatureFlagMutation);
  const [reason, setReason] = useState('');
  const toggle = async (f: FlagRow, fabricId: string | null) => {
    const res = await setFlag({ key: f.key, enabled: !f.enabled, fabricId, reason: reason || null });
    if (res.data) refetch({ requestPolicy: 'network-only' });
  };
  /** Back to "inherit": the fabric's override goes, the global value applies. */
  const inherit = async (f: FlagRow, fabricId: string) => {
    const res = await clearFlag({ key: f.key, fabricId });
    if (res.data) refetch({ requestPolicy: 'network-only' });
  };
  const busy = result.fetching || clearResult.fetching;
  const row = (f: FlagRow, fabricId: string | null) => (
    <tr key={`${fabricId ?? 'global'}-${f.key}`} data-flag={f.key} data-source={f.source}>
      <td>
        <code>{f.key}</code>
      </td>
      <td>{f.enabled ? 'enabled' : <span className="bad">disabled</span>}</td>
      <td>{f.source}</td>
      <td>{f.reason ? <span className="warn">{f.reason}</span> : <span className="muted">—</span>}</td>
      <td>{f.updatedBy ?? ''}</td>
      <td>
        <button type="button" className="small" disabled={busy} onClick={() => void toggle(f, fabricId)}>
          {f.enabled ? 'Disable' : 'Enable'}
        </button>
        {fabricId && f.source === 'FABRIC' && (
          <button type="button" className="small" disabled={busy} title="Remove this fabric's override: the global value applies" onClick={() => void inherit(f, fabricId)}>
            Inherit
          </button>
        )}
      </td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th>Flag</th>
        <th>Value</th>
        <th>Source</th>
        <th>Reason</th>
        <th>Updated by</th>
        <th />
      </tr>
    </thead>
  );
  return (
    <div className="card">
      <h2>Feature flags</h2>
      <ErrorBox error={error ?? result.error ?? clearResult.error} />
      <label>
        Reason for the next change (optional)
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <h3>Global</h3>
      <table className="table">
        {head}
        <tbody>{data?.featureFlags.map((f) => row(f, null))}</tbody>
      </table>
      {data?.fabrics.map((fab) => (
        <div key={fab.id}>
          <h3>Fabric {fab.name}</h3>
          <table className="table" data-testid={`flags-${fab.name}`}>
            {head}
            <tbody>{fab.featureFlags.map((f) => row(f, fab.id))}</tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
