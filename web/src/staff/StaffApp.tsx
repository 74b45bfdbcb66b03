import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { lazyPage, type LazyPage } from '../shared/lazy-page';
import type { Role } from '../shared/types';
import { useSession } from './auth';
import { preloadControls } from './components/LazyControls';
import { HOME } from './home';
import { LiveProvider } from './live';
import { PageBoundary } from './PageBoundary';
import { LoginPage } from './pages/LoginPage';
import { Shell } from './Shell';
import { STAFF_THEME } from './theme';

// Each page is its own chunk: an operator's intake never loads the figures chart. A chunk that fails to
// load (a network blip) is fetched again on 重试 or when the live connection returns (PageBoundary).
const IntakePage = lazyPage(() => import('./pages/IntakePage'));
const OperatorQueuesPage = lazyPage(() => import('./pages/OperatorQueuesPage'));
const InboxPage = lazyPage(() => import('./pages/InboxPage'));
const CasePage = lazyPage(() => import('./pages/CasePage'));
const MonitorPage = lazyPage(() => import('./pages/MonitorPage'));
const OverduePage = lazyPage(() => import('./pages/OverduePage'));
const ExtensionsPage = lazyPage(() => import('./pages/ExtensionsPage'));
const PausesPage = lazyPage(() => import('./pages/PausesPage'));
const DecisionsPage = lazyPage(() => import('./pages/DecisionsPage'));
const FiguresPage = lazyPage(() => import('./pages/FiguresPage'));
// The administrator's pages: the rules the system keeps.
const RoutingRulesPage = lazyPage(() => import('./pages/RoutingRulesPage'));
const CalendarPage = lazyPage(() => import('./pages/CalendarPage'));
const SlaPolicyPage = lazyPage(() => import('./pages/SlaPolicyPage'));
const DepartmentsPage = lazyPage(() => import('./pages/DepartmentsPage'));
const UsersPage = lazyPage(() => import('./pages/UsersPage'));
const CatalogPage = lazyPage(() => import('./pages/CatalogPage'));
const AuditPage = lazyPage(() => import('./pages/AuditPage'));
const KnowledgePage = lazyPage(() => import('./pages/KnowledgePage'));
const TemplatesPage = lazyPage(() => import('./pages/TemplatesPage'));
const CallerFlagsPage = lazyPage(() => import('./pages/CallerFlagsPage'));
const NotificationsPage = lazyPage(() => import('./pages/NotificationsPage'));
const Open311ClientsPage = lazyPage(() => import('./pages/Open311ClientsPage'));
const SituationPage = lazyPage(() => import('./pages/SituationPage'));
const IncidentsPage = lazyPage(() => import('./pages/IncidentsPage'));
const IncidentPage = lazyPage(() => import('./pages/IncidentPage'));

/**
 * Fetched in the background shortly after login: the pages of the role's menu, so that moving between
 * them later needs no network (a blip on shift then costs nothing).
 */
const PRELOAD: Record<Role, LazyPage<object>[]> = {
  operator: [IntakePage, OperatorQueuesPage, CasePage, MonitorPage, OverduePage, KnowledgePage, IncidentsPage],
  handler: [InboxPage, CasePage, KnowledgePage],
  dept_lead: [InboxPage, CasePage, FiguresPage, KnowledgePage, TemplatesPage],
  supervisor: [SituationPage, IncidentsPage, MonitorPage, OverduePage, ExtensionsPage, PausesPage, DecisionsPage, FiguresPage, CasePage, KnowledgePage, TemplatesPage, CallerFlagsPage],
  admin: [SituationPage, MonitorPage, OverduePage, FiguresPage, CasePage, RoutingRulesPage, CalendarPage, SlaPolicyPage, DepartmentsPage, UsersPage, CatalogPage, AuditPage, KnowledgePage],
};
/** Long enough for the first page and the live connection to have the network to themselves. */
const PRELOAD_AFTER_MS = 2_000;

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
  useEffect(() => {
    const timer = setTimeout(() => {
      PRELOAD[role].forEach((page) => void page.preload());
      preloadControls();
    }, PRELOAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [role]);
  return (
    <LiveProvider token={token}>
      <Routes>
        {/* The wall screen: the whole window, no menu or header. */}
        <Route
          path="/situation/wall"
          element={only(
            ['supervisor', 'admin'],
            <PageBoundary>
              <Suspense fallback={spin}>
                <SituationPage wall />
              </Suspense>
            </PageBoundary>,
          )}
        />
        <Route
          path="*"
          element={
            <Shell>
              <PageBoundary>
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
              </PageBoundary>
            </Shell>
          }
        />
      </Routes>
    </LiveProvider>
  );
}
