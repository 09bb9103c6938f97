import type { UpdateFabricInput } from '../graphql/generated/graphql';

// The cluster connection form of the fabric page: what the user typed, checked here for what
// the form can tell (required fields, URL scheme, PEM shape), then the `updateFabric` input.
// The server vets everything again (kubeconfig shape, certificates, tokens) and its errors name
// the field too.

export type ClusterMode = 'server' | 'kubeconfig';

export interface ClusterFormState {
  mode: ClusterMode;
  apiServer: string;
  caCert: string;
  /** Empty: keep the stored token (only when the API server stays the same). */
  token: string;
  namespace: string;
  insecureSkipTlsVerify: boolean;
  kubeconfig: string;
  context: string;
}

/** What the form knows of the stored connection (never a secret). */
export interface StoredCluster {
  clusterConfigured: boolean;
  kubernetesServer?: string | null;
  kubernetesNamespace: string;
  kubernetesCaCert?: string | null;
  kubernetesInsecureSkipTlsVerify: boolean;
  hasKubernetesToken: boolean;
  usesKubeconfig: boolean;
  kubeconfigContext?: string | null;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The form filled from the stored connection: server, CA, namespace; never a token or kubeconfig. */
export function initialClusterForm(f: StoredCluster): ClusterFormState {
  return {
    mode: f.usesKubeconfig ? 'kubeconfig' : 'server',
    apiServer: f.kubernetesServer ?? '',
    caCert: f.kubernetesCaCert ?? '',
    token: '',
    namespace: f.kubernetesNamespace && f.kubernetesNamespace !== 'default' ? f.kubernetesNamespace : '',
    insecureSkipTlsVerify: f.kubernetesInsecureSkipTlsVerify,
    kubeconfig: '',
    context: f.kubeconfigContext ?? '',
  };
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Same scheme, host and port (a stored token is only ever sent to the server it was saved for). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a.trim());
    const y = new URL(b.trim());
    return x.protocol === y.protocol && x.host === y.host;
  } catch {
    return false;
  }
}

/** The `updateFabric` input of the form, or the first field the user has to fix. */
export function clusterInput(form: ClusterFormState, stored: StoredCluster): { input: UpdateFabricInput } | { error: FieldError } {
  const namespace = form.namespace.trim();
  if (namespace && !NAMESPACE.test(namespace)) {
    return { error: { field: 'Namespace', message: 'must be a DNS label (lower-case letters, digits and -, at most 63)' } };
  }
  if (form.mode === 'kubeconfig') {
    const content = form.kubeconfig.trim();
    if (!content) return { error: { field: 'Kubeconfig', message: 'paste a kubeconfig or choose its file' } };
    if (!/^\s*clusters\s*:/m.test(content) || !/^\s*users\s*:/m.test(content)) {
      return { error: { field: 'Kubeconfig', message: 'does not look like a kubeconfig (no clusters: or users: section)' } };
    }
    return {
      input: {
        kubeconfig: form.kubeconfig,
        kubeconfigContext: form.context.trim() || null,
        kubeconfigNamespace: namespace || null,
      },
    };
  }
  const apiServer = form.apiServer.trim();
  if (!apiServer) return { error: { field: 'API server URL', message: 'is required (https://host:6443)' } };
  let url: URL;
  try {
    url = new URL(apiServer);
  } catch {
    return { error: { field: 'API server URL', message: `${apiServer} is not a URL (https://host:6443)` } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: { field: 'API server URL', message: 'must start with https:// (or http://)' } };
  }
  const caCert = form.caCert.trim();
  if (caCert && !caCert.includes('-----BEGIN CERTIFICATE-----')) {
    return { error: { field: 'CA certificate', message: 'must be PEM (-----BEGIN CERTIFICATE-----)' } };
  }
  const token = form.token.trim();
  if (!token) {
    const keeps = stored.hasKubernetesToken && !!stored.kubernetesServer && sameOrigin(stored.kubernetesServer, apiServer);
    if (!keeps) {
      return {
        error: {
          field: 'Token',
          message: stored.hasKubernetesToken ? 'the API server changed: enter the token again' : 'a bearer token is required',
        },
      };
    }
  } else if (/\s/.test(token)) {
    return { error: { field: 'Token', message: 'must not contain spaces' } };
  }
  return {
    input: {
      kubernetes: {
        apiServer,
        caCert: caCert || null,
        token: token || null,
        namespace: namespace || null,
        insecureSkipTlsVerify: form.insecureSkipTlsVerify,
      },
    },
  };
}

/** A one-line summary of a connection test: the version and how many CRDs are installed. */
export function testSummary(t: { ok: boolean; serverVersion?: string | null; kinds: { installed: boolean }[]; error?: string | null }): string {
  const installed = t.kinds.filter((k) => k.installed).length;
  const parts = [t.ok ? 'Connected' : 'Failed'];
  if (t.serverVersion) parts.push(`Kubernetes ${t.serverVersion}`);
  if (t.kinds.length) parts.push(`${installed} of ${t.kinds.length} Hedgehog CRDs installed`);
  if (t.error) parts.push(t.error);
  return parts.join(' · ');
}
