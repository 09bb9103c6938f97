// Checks of the "ignore drift" form before it reaches the API (the API checks again).

export interface RuleForm {
  kind: string;
  path: string;
  reason: string;
}

/** The first problem of the form, naming its field; null when it can be sent. */
export function ruleProblem(form: RuleForm): { field: keyof RuleForm; message: string } | null {
  if (!form.kind.trim()) return { field: 'kind', message: 'Choose the kind the rule applies to.' };
  const path = form.path.trim();
  if (!path) return { field: 'path', message: 'Enter a dotted path, e.g. spec.subnets.*.vlan.' };
  if (!path.startsWith('spec.') && !path.startsWith('metadata.')) {
    return { field: 'path', message: 'The path starts with spec. or metadata. (e.g. spec.subnets.*.vlan).' };
  }
  if (path.split('.').some((s) => s === '')) return { field: 'path', message: 'The path has an empty segment.' };
  if (!form.reason.trim()) return { field: 'reason', message: 'Say why this difference is expected (it is audited).' };
  return null;
}
