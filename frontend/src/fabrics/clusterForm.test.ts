import { describe, expect, it } from 'vitest';
import { clusterInput, initialClusterForm, sameOrigin, testSummary, type ClusterFormState, type StoredCluster } from './clusterForm';

const none: StoredCluster = {
  clusterConfigured: false,
  kubernetesServer: null,
  kubernetesNamespace: 'default',
  kubernetesCaCert: null,
  kubernetesInsecureSkipTlsVerify: false,
  hasKubernetesToken: false,
  usesKubeconfig: false,
  kubeconfigContext: null,
};
const stored: StoredCluster = {
  ...none,
  clusterConfigured: true,
  kubernetesServer: 'https://10.0.0.1:6443',
  kubernetesCaCert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  hasKubernetesToken: true,
};
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const form = (patch: Partial<ClusterFormState>): ClusterFormState => ({ ...initialClusterForm(none), ...patch });
const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: https://k:6443}\nusers:\n- name: u\n  user: {token: t}\ncontexts: []\n';

describe('cluster connection form', () => {
  it('starts from the stored connection, never with a secret', () => {
    const f = initialClusterForm({ ...stored, kubernetesNamespace: 'fabric' });
    expect(f).toMatchObject({ mode: 'server', apiServer: 'https://10.0.0.1:6443', caCert: stored.kubernetesCaCert, token: '', kubeconfig: '', namespace: 'fabric' });
    expect(initialClusterForm({ ...none, clusterConfigured: true, usesKubeconfig: true, kubeconfigContext: 'prod' })).toMatchObject({ mode: 'kubeconfig', context: 'prod', kubeconfig: '' });
  });

  it('builds the API server input, empty optional fields as null', () => {
    expect(clusterInput(form({ apiServer: ' https://k:6443 ', caCert: PEM, token: ' abc ' }), none)).toEqual({
      input: { kubernetes: { apiServer: 'https://k:6443', caCert: PEM, token: 'abc', namespace: null, insecureSkipTlsVerify: false } },
    });
  });

  it('names the field at fault', () => {
    const field = (f: ClusterFormState, s = none) => {
      const r = clusterInput(f, s);
      return 'error' in r ? r.error.field : null;
    };
    expect(field(form({ apiServer: '' }))).toBe('API server URL');
    expect(field(form({ apiServer: 'k8s:6443 x' }))).toBe('API server URL');
    expect(field(form({ apiServer: 'ftp://k', token: 't' }))).toBe('API server URL');
    expect(field(form({ apiServer: 'https://k', token: 't', caCert: 'not a pem' }))).toBe('CA certificate');
    expect(field(form({ apiServer: 'https://k', token: 'a b' }))).toBe('Token');
    expect(field(form({ apiServer: 'https://k', token: 't', namespace: 'Not_Valid' }))).toBe('Namespace');
    expect(field(form({ mode: 'kubeconfig', kubeconfig: '' }))).toBe('Kubeconfig');
    expect(field(form({ mode: 'kubeconfig', kubeconfig: 'hello: world' }))).toBe('Kubeconfig');
  });

  it('keeps the stored token only for the same server', () => {
    expect(clusterInput(form({ apiServer: 'https://10.0.0.1:6443' }), stored)).toMatchObject({ input: { kubernetes: { token: null } } });
    const moved = clusterInput(form({ apiServer: 'https://10.0.0.2:6443' }), stored);
    expect(moved).toEqual({ error: { field: 'Token', message: 'the API server changed: enter the token again' } });
    expect(clusterInput(form({ apiServer: 'https://k:6443' }), none)).toEqual({ error: { field: 'Token', message: 'a bearer token is required' } });
    expect(sameOrigin('https://a:6443/', 'https://a:6443')).toBe(true);
    expect(sameOrigin('https://a:6443', 'http://a:6443')).toBe(false);
  });

  it('builds the kubeconfig input with its context and namespace', () => {
    expect(clusterInput(form({ mode: 'kubeconfig', kubeconfig: KUBECONFIG, context: ' prod ', namespace: 'fab' }), none)).toEqual({
      input: { kubeconfig: KUBECONFIG, kubeconfigContext: 'prod', kubeconfigNamespace: 'fab' },
    });
  });

  it('summarizes a connection test', () => {
    const kinds = [{ installed: true }, { installed: true }, { installed: false }];
    expect(testSummary({ ok: true, serverVersion: 'v1.31.4+k3s1', kinds })).toBe('Connected · Kubernetes v1.31.4+k3s1 · 2 of 3 Hedgehog CRDs installed');
    expect(testSummary({ ok: false, kinds: [], error: 'the API server refused the token' })).toBe('Failed · the API server refused the token');
  });
});
