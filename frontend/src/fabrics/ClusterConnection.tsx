import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorBox } from '../common/ErrorBox';
import { TestFabricClusterConnectionMutation, UpdateFabricMutation } from './operations';
import { clusterInput, initialClusterForm, testSummary, type ClusterFormState, type FieldError, type StoredCluster } from './clusterForm';

interface Props {
  fabric: StoredCluster & { id: string; clusterSimulated: boolean };
  /** Admins change the connection; operators test it. */
  admin: boolean;
  operator: boolean;
  /** Called after the connection changed (the page refetches the fabric). */
  onChanged: () => void;
}

/**
 * The fabric's cluster connection: what is stored (never a token or kubeconfig), a form to set
 * it by API server URL + CA + token or by a kubeconfig (pasted or from a file, with a context),
 * "Test connection" (server version and installed CRDs) and "Remove connection".
 */
export function ClusterConnection({ fabric, admin, operator, onChanged }: Props) {
  const [form, setForm] = useState<ClusterFormState>(() => initialClusterForm(fabric));
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState<FieldError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [update, runUpdate] = useMutation(UpdateFabricMutation);
  const [test, runTest] = useMutation(TestFabricClusterConnectionMutation);
  const result = test.data?.testFabricClusterConnection;
  const set = (patch: Partial<ClusterFormState>) => setForm((f) => ({ ...f, ...patch }));

  const save = async () => {
    setSaved(null);
    const checked = clusterInput(form, fabric);
    if ('error' in checked) return setInvalid(checked.error);
    setInvalid(null);
    const r = await runUpdate({ id: fabric.id, input: checked.input });
    if (r.data?.updateFabric) {
      setEditing(false);
      setForm((f) => ({ ...f, token: '', kubeconfig: '' }));
      setSaved('Cluster connection saved.');
      onChanged();
    }
  };

  const remove = async () => {
    if (!window.confirm('Remove the cluster connection? The resources keep their last actual state.')) return;
    setSaved(null);
    const r = await runUpdate({ id: fabric.id, input: { clearCluster: true } });
    if (r.data?.updateFabric) {
      setForm(initialClusterForm({ ...fabric, clusterConfigured: false, kubernetesServer: null, kubernetesCaCert: null, hasKubernetesToken: false, usesKubeconfig: false }));
      setSaved('Cluster connection removed.');
      onChanged();
    }
  };

  const readFile = (file: File | undefined) => {
    if (!file) return;
    void file.text().then((text) => set({ kubeconfig: text }));
  };

  return (
    <div className="card" data-testid="cluster-card">
      <h2>
        Cluster Connection{' '}
        {fabric.clusterSimulated && (
          <span className="badge badge-info" data-testid="cluster-simulated" title="Served by hnp demo's simulator on loopback, not a real Kubernetes cluster">
            Simulated cluster
          </span>
        )}
      </h2>
      {fabric.clusterConfigured ? (
        <dl className="facts" data-testid="cluster-stored">
          <dt>API server</dt>
          <dd>
            <code>{fabric.kubernetesServer ?? '(from the kubeconfig)'}</code>
          </dd>
          <dt>Namespace</dt>
          <dd>
            <code>{fabric.kubernetesNamespace}</code>
          </dd>
          <dt>Credentials</dt>
          <dd>
            {fabric.usesKubeconfig
              ? `kubeconfig stored (context ${fabric.kubeconfigContext ?? 'current'})`
              : fabric.hasKubernetesToken
                ? 'bearer token stored'
                : 'none'}
            {fabric.kubernetesCaCert ? ' · CA certificate' : ''}
            {fabric.kubernetesInsecureSkipTlsVerify ? ' · TLS verification off' : ''}
          </dd>
        </dl>
      ) : (
        <p className="muted">No cluster connection: the cluster cannot be read, so actual state and drift stay unknown.</p>
      )}

      <div className="buttons">
        <button
          type="button"
          disabled={!fabric.clusterConfigured || !operator || test.fetching}
          title={!operator ? 'Operators and admins test the connection' : fabric.clusterConfigured ? '' : 'No cluster connection is configured'}
          onClick={() => void runTest({ fabricId: fabric.id })}
        >
          Test connection
        </button>
        <button type="button" disabled={!admin} title={admin ? '' : 'Only admins change the connection'} onClick={() => setEditing((e) => !e)}>
          {fabric.clusterConfigured ? 'Change connection' : 'Connect a cluster'}
        </button>
        <button type="button" disabled={!admin || !fabric.clusterConfigured || update.fetching} title={admin ? '' : 'Only admins change the connection'} onClick={() => void remove()}>
          Remove connection
        </button>
      </div>
      {test.fetching && <p>Testing…</p>}
      <ErrorBox error={test.error} title="Test connection" />
      {result && (
        <div className={result.ok ? 'info-box' : 'warn-box'} data-testid="cluster-test-result" data-ok={result.ok}>
          <p>{testSummary(result)}</p>
          {result.kinds.length > 0 && (
            <details>
              <summary>CRDs</summary>
              <ul className="crds">
                {result.kinds.map((k) => (
                  <li key={`${k.apiVersion}/${k.kind}`}>
                    <code>{k.kind}</code> <span className="muted">{k.apiVersion}</span>: {k.installed ? 'installed' : <span className="bad">not installed</span>}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {result.warnings.map((w) => (
            <p key={w} className="warn">
              {w}
            </p>
          ))}
        </div>
      )}
      {saved && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      <ErrorBox error={update.error} />

      {editing && (
        <form
          className="cluster-form"
          style={{ display: 'flex', flexDirection: 'column', gap: 8, maxWidth: 640, marginTop: 12 }}
          data-testid="cluster-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset>
            <legend>Connect with</legend>
            <label className="inline">
              <input type="radio" name="cluster-mode" checked={form.mode === 'server'} onChange={() => set({ mode: 'server' })} /> API server URL and token
            </label>{' '}
            <label className="inline">
              <input type="radio" name="cluster-mode" checked={form.mode === 'kubeconfig'} onChange={() => set({ mode: 'kubeconfig' })} /> a kubeconfig
            </label>
          </fieldset>
          {form.mode === 'server' ? (
            <>
              <label>
                API server URL
                <input type="url" value={form.apiServer} placeholder="https://host:6443" onChange={(e) => set({ apiServer: e.target.value })} />
              </label>
              <label>
                CA certificate (PEM)
                <textarea rows={4} value={form.caCert} placeholder="-----BEGIN CERTIFICATE-----" onChange={(e) => set({ caCert: e.target.value })} />
              </label>
              <label>
                Token
                <input
                  type="password"
                  autoComplete="off"
                  value={form.token}
                  placeholder={fabric.hasKubernetesToken ? 'stored (leave empty to keep it)' : 'bearer token'}
                  onChange={(e) => set({ token: e.target.value })}
                />
              </label>
              <label className="inline">
                <input type="checkbox" checked={form.insecureSkipTlsVerify} onChange={(e) => set({ insecureSkipTlsVerify: e.target.checked })} /> Skip TLS verification (not
                recommended)
              </label>
            </>
          ) : (
            <>
              <label>
                Kubeconfig
                <textarea rows={8} value={form.kubeconfig} placeholder={fabric.usesKubeconfig ? 'a kubeconfig is stored; paste one to replace it' : 'apiVersion: v1\nkind: Config\n…'} onChange={(e) => set({ kubeconfig: e.target.value })} />
              </label>
              <label>
                Kubeconfig file
                <input type="file" onChange={(e) => readFile(e.target.files?.[0])} />
              </label>
              <label>
                Context
                <input value={form.context} placeholder="its current-context" onChange={(e) => set({ context: e.target.value })} />
              </label>
            </>
          )}
          <label>
            Namespace
            <input value={form.namespace} placeholder="default" onChange={(e) => set({ namespace: e.target.value })} />
          </label>
          {invalid && (
            <p className="error" role="alert" data-testid="cluster-form-error">
              <strong>{invalid.field}</strong>: {invalid.message}
            </p>
          )}
          <div className="buttons">
            <button type="submit" disabled={update.fetching}>
              Save connection
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
