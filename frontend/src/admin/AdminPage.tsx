import { FlagsPanel } from './FlagsPanel';
import { UsersPanel } from './UsersPanel';
import { TokensPanel } from './TokensPanel';
import { AuditPanel } from './AuditPanel';
import { usePageTitle } from '../common/usePageTitle';

export function AdminPage() {
  usePageTitle('Admin');
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
