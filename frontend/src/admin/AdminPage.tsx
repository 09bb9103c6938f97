import { FlagsPanel } from './FlagsPanel';
import { UsersPanel } from './UsersPanel';
import { TokensPanel } from './TokensPanel';
import { AuditPanel } from './AuditPanel';

export function AdminPage() {
  return (
    <section>
      <h1>Admin</h1>
      <FlagsPanel />
      <UsersPanel />
      <TokensPanel />
      <AuditPanel />
    </section>
  );
}
