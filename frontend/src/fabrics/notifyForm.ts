// Checks of the "add notification target" form before it reaches the API (the API checks
// again), and the event names a target can subscribe to.

export const NOTIFICATION_EVENTS = [
  'sync_failed',
  'conflict_opened',
  'drift_started',
  'drift_ended',
  'pull_request_opened',
  'pull_request_merged',
  'pull_request_closed',
  'breaker_tripped',
  'admission_errors',
] as const;

export interface TargetForm {
  kind: 'WEBHOOK' | 'SLACK';
  url: string;
  secret: string;
  /** Empty: every event. */
  events: string[];
}

/** The first problem of the form, naming its field; null when it can be sent. */
export function targetProblem(form: TargetForm): { field: keyof TargetForm; message: string } | null {
  const url = form.url.trim();
  if (!url) return { field: 'url', message: 'Enter the URL events are POSTed to.' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field: 'url', message: 'Enter a full URL, e.g. https://hooks.example.com/hnp.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { field: 'url', message: 'The URL starts with http:// or https://.' };
  }
  if (parsed.username || parsed.password) {
    return { field: 'url', message: 'Put no user name or password in the URL (a webhook takes a secret).' };
  }
  if (form.kind === 'SLACK' && form.secret) {
    return { field: 'secret', message: 'Slack incoming webhooks are not signed: leave the secret empty.' };
  }
  return null;
}

/** The variables of `addNotificationTarget` for a valid form. */
export function targetVariables(fabricId: string, form: TargetForm) {
  return {
    fabricId,
    kind: form.kind,
    url: form.url.trim(),
    secret: form.kind === 'WEBHOOK' && form.secret ? form.secret : null,
    events: form.events,
  };
}
