import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import type { Role } from '../shared/types';
import { useSession } from './auth';
import { HOME } from './home';
import { LiveProvider } from './live';
import { LoginPage } from './pages/LoginPage';
import { Shell } from './Shell';
import { STAFF_THEME } from './theme';

// Each page is its own chunk: an operator's intake never loads the figures chart.
const IntakePage = lazy(() => import('./pages/IntakePage'));
const OperatorQueuesPage = lazy(() => import('./pages/OperatorQueuesPage'));
const InboxPage = lazy(() => import('./pages/InboxPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const MonitorPage = lazy(() => import('./pages/MonitorPage'));
const OverduePage = lazy(() => import('./pages/OverduePage'));
const ExtensionsPage = lazy(() => import('./pages/ExtensionsPage'));
const PausesPage = lazy(() => import('./pages/PausesPage'));
const DecisionsPage = lazy(() => import('./pages/DecisionsPage'));
const FiguresPage = lazy(() => import('./pages/FiguresPage'));
// The administrator's pages: the rules the system keeps.
const RoutingRulesPage = lazy(() => import('./pages/RoutingRulesPage'));
const CalendarPage = lazy(() => import('./pages/CalendarPage'));
const SlaPolicyPage = lazy(() => import('./pages/SlaPolicyPage'));
const DepartmentsPage = lazy(() => import('./pages/DepartmentsPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const CatalogPage = lazy(() => import('./pages/CatalogPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const KnowledgePage = lazy(() => import('./pages/KnowledgePage'));
const TemplatesPage = lazy(() => import('./pages/TemplatesPage'));
const CallerFlagsPage = lazy(() => import('./pages/CallerFlagsPage'));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage'));
const Open311ClientsPage = lazy(() => import('./pages/Open311ClientsPage'));
const SituationPage = lazy(() => import('./pages/SituationPage'));
const IncidentsPage = lazy(() => import('./pages/IncidentsPage'));
const IncidentPage = lazy(() => import('./pages/IncidentPage'));

export function StaffApp() {
  const session = useSession();
  return (
    <ConfigProvider locale={zhCN} theme={STAFF_THEME}>
      <AntApp>
        <BrowserRouter>{session ? <SignedIn token={session.token} role={session.user.role} /> : <LoginPage />}</BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

function SignedIn({ token, role }: { token: string; role: Role }) {
  const only = (roles: Role[], element: React.ReactNode) => (roles.includes(role) ? element : <Navigate to={HOME[role]} replace />);
  const spin = <Spin size="large" className="page-spin" />;
  return (
    <LiveProvider token={token}>
      <Routes>
        {/* The wall screen: the whole window, no menu or header. */}
        <Route
          path="/situation/wall"
          element={only(
            ['supervisor', 'admin'],
            <Suspense fallback={spin}>
              <SituationPage wall />
            </Suspense>,
          )}
        />
        <Route
          path="*"
          element={
            <Shell>
              <Suspense fallback={spin}>
                <Routes>
                  <Route path="/" element={<Navigate to={HOME[role]} replace />} />
                  <Route path="/intake" element={only(['operator'], <IntakePage />)} />
                  <Route path="/queues/:queue" element={only(['operator'], <OperatorQueuesPage />)} />
                  <Route path="/inbox" element={only(['handler', 'dept_lead'], <InboxPage />)} />
                  <Route path="/cases/:id" element={<CasePage />} />
                  <Route path="/monitor" element={only(['supervisor', 'admin', 'operator'], <MonitorPage />)} />
                  <Route path="/overdue" element={only(['supervisor', 'admin', 'operator'], <OverduePage />)} />
                  <Route path="/extensions" element={only(['supervisor'], <ExtensionsPage />)} />
                  <Route path="/pauses" element={only(['supervisor'], <PausesPage />)} />
                  <Route path="/decisions" element={only(['supervisor'], <DecisionsPage />)} />
                  <Route path="/figures" element={only(['supervisor', 'admin', 'dept_lead'], <FiguresPage />)} />
                  <Route path="/situation" element={only(['supervisor', 'admin'], <SituationPage />)} />
                  <Route path="/incidents" element={only(['supervisor', 'admin', 'operator'], <IncidentsPage />)} />
                  <Route path="/incidents/:id" element={only(['supervisor', 'admin', 'operator'], <IncidentPage />)} />
                  <Route path="/admin/routing" element={only(['admin'], <RoutingRulesPage />)} />
                  <Route path="/admin/calendar" element={only(['admin'], <CalendarPage />)} />
                  <Route path="/admin/sla" element={only(['admin'], <SlaPolicyPage />)} />
                  <Route path="/admin/departments" element={only(['admin'], <DepartmentsPage />)} />
                  <Route path="/admin/users" element={only(['admin'], <UsersPage />)} />
                  <Route path="/admin/catalog" element={only(['admin'], <CatalogPage />)} />
                  <Route path="/admin/audit" element={only(['admin'], <AuditPage />)} />
                  <Route path="/knowledge" element={<KnowledgePage />} />
                  <Route path="/templates" element={only(['supervisor', 'dept_lead'], <TemplatesPage />)} />
                  <Route path="/callers" element={only(['supervisor'], <CallerFlagsPage />)} />
                  <Route path="/admin/notifications" element={only(['admin'], <NotificationsPage />)} />
                  <Route path="/admin/open311" element={only(['admin'], <Open311ClientsPage />)} />
                  <Route path="*" element={<Navigate to={HOME[role]} replace />} />
                </Routes>
              </Suspense>
            </Shell>
          }
        />
      </Routes>
    </LiveProvider>
  );
}
