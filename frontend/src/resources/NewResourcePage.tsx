import { useState } from 'react';
import { usePageTitle } from '../common/usePageTitle';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { FabricsQuery } from '../fabrics/operations';
import { CreateDraftMutation } from './operations';
import { canOperate, useSession } from '../auth/session';
import { ErrorBox } from '../common/ErrorBox';
import { YamlEditor } from '../common/cm/YamlEditor';
import { yamlToSpec } from '../common/yamlSpec';
import { KINDS } from './kinds';

/** A new resource, created as a draft of a fabric. */
export default function NewResourcePage() {
  usePageTitle('New resource');
  const navigate = useNavigate();
  const { user } = useSession();
  const [fabrics] = useQuery({ query: FabricsQuery });
  const [fabricId, setFabricId] = useState('');
  const [kind, setKind] = useState('VPC');
  const [name, setName] = useState('');
  const [namespace, setNamespace] = useState('default');
  const [text, setText] = useState('subnets:\n  default:\n    subnet: 10.10.250.0/24\n    vlan: 1250\n');
  const [parseError, setParseError] = useState<string | null>(null);
  const [result, create] = useMutation(CreateDraftMutation);
  const fid = fabricId || fabrics.data?.fabrics[0]?.id || '';

  const submit = async () => {
    const parsed = yamlToSpec(text);
    if (!parsed.ok) return setParseError(parsed.error);
    setParseError(null);
    const res = await create({ fabricId: fid, kind, name, namespace, spec: parsed.spec });
    const id = res.data?.createResourceDraft.resource?.id;
    if (id) navigate(`/resources/${id}`);
  };

  return (
    <section>
      <p className="crumbs">
        <Link to="/resources">Resources</Link> / new
      </p>
      <h1>New resource (draft)</h1>
      {!canOperate(user?.role) && <p className="muted explain">Your role ({user?.role}) cannot create drafts.</p>}
      <div className="form-grid">
        <label>
          Fabric
          <select value={fid} onChange={(e) => setFabricId(e.target.value)}>
            {fabrics.data?.fabrics.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Namespace
          <input value={namespace} onChange={(e) => setNamespace(e.target.value)} />
        </label>
      </div>
      <h3>Spec (YAML)</h3>
      <YamlEditor value={text} onChange={setText} label="Spec (YAML)" />
      {parseError && (
        <div className="error" role="alert">
          <code className="error-code">YAML</code> {parseError}
        </div>
      )}
      <ErrorBox error={result.error} title="Create failed" />
      <div className="buttons">
        <button type="button" disabled={!canOperate(user?.role) || !fid || !name || result.fetching} onClick={() => void submit()}>
          Create draft
        </button>
      </div>
    </section>
  );
}
