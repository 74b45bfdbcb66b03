/**
 * The staff console's typed client for the HTTP API. Every call carries the session's token; a 401
 * ends the session (the console goes back to the login form) — that is handled here and nowhere else.
 */
import { ApiError, httpRequest, type ErrorBody, type RequestOptions } from '../shared/http';
import type {
  AdminDepartment,
  AdminUser,
  AuditPage,
  CalendarDay,
  CalendarDayChange,
  CalendarYear,
  Case,
  CaseActionBody,
  CaseList,
  CaseQuery,
  CaseVerb,
  CaseWithTimeline,
  CallerHistory,
  CallerFlag,
  CatalogNode,
  CatalogRename,
  CategoryChanges,
  CategoryNode,
  CategoryRow,
  CatalogRow,
  CentreFigures,
  CreatedCase,
  DepartmentChanges,
  CreatedOpen311Client,
  Notification,
  Open311Client,
  Hotspot,
  Incident,
  IncidentDetail,
  Overview,
  DepartmentFigures,
  DepartmentNode,
  DepartmentUser,
  LoginResponse,
  KnowledgeChanges,
  KnowledgeEntry,
  KnowledgeList,
  KnowledgeQuery,
  NewCase,
  NewCategory,
  NewDepartment,
  NewRegion,
  NewRoutingRule,
  NewUser,
  OverdueOwner,
  RoutingRule,
  SlaPolicy,
  SlaPolicyChange,
  NewKnowledgeEntry,
  NewReplyTemplate,
  ReplyTemplate,
  ReplyTemplateChanges,
  SetCallerFlag,
  SimilarCases,
  Suggestion,
  User,
  UserChanges,
} from '../shared/types';
import { endSession, getSession } from './session';

async function call<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const session = getSession();
  const headers = { ...options.headers, ...(session ? { Authorization: `Bearer ${session.token}` } : {}) };
  try {
    return await httpRequest<T>(path, { ...options, headers });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && session) endSession('expired');
    throw error;
  }
}

/** A multipart POST with the session's token (the browser sets the boundary). */
async function multipart<T>(path: string, form: FormData): Promise<T> {
  const session = getSession();
  const res = await fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', ...(session ? { Authorization: `Bearer ${session.token}` } : {}) },
    body: form,
  });
  const data: unknown = await res.json().catch(() => undefined);
  if (res.status === 401 && session) endSession('expired');
  if (!res.ok) throw new ApiError(res.status, (data as ErrorBody) ?? null);
  return data as T;
}

export const api = {
  login: (username: string, password: string) =>
    httpRequest<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } }),
  me: () => call<User>('/api/auth/me'),

  departments: () => call<DepartmentNode[]>('/api/departments'),
  departmentUsers: (departmentId: string) => call<DepartmentUser[]>(`/api/departments/${departmentId}/users`),
  categories: () => call<CategoryNode[]>('/api/catalog/categories'),
  regions: () => call<CatalogNode[]>('/api/catalog/regions'),
  // The document's SuggestionDto does not say the route answers null when no rule matches.
  suggest: (categoryCode: string, regionCode: string) =>
    call<Suggestion | null>('/api/routing/suggest', { query: { categoryCode, regionCode } }),

  overview: (date?: string) => call<Overview>('/api/stats/overview', { query: { date } }),
  hotspots: (status: 'active' | 'all' = 'active') => call<Hotspot[]>('/api/hotspots', { query: { status } }),
  incidents: () => call<Incident[]>('/api/incidents'),
  incidentsOf: (caseId: string) => call<Incident[]>('/api/incidents', { query: { caseId } }),
  incident: (id: string) => call<IncidentDetail>(`/api/incidents/${id}`),
  createIncident: (body: { title: string; hotspotId?: string; caseIds?: string[]; masterCaseId?: string }) =>
    call<IncidentDetail>('/api/incidents', { method: 'POST', body }),
  attachToIncident: (id: string, caseIds: string[]) => call<IncidentDetail>(`/api/incidents/${id}/cases`, { method: 'POST', body: { caseIds } }),

  listCases: (query: CaseQuery, cursor: string | null, signal?: AbortSignal) =>
    call<CaseList>('/api/cases', { query: { ...query, cursor }, signal }),
  getCase: (id: string, signal?: AbortSignal) => call<CaseWithTimeline>(`/api/cases/${id}`, { signal }),
  createCase: (body: NewCase, idempotencyKey: string) =>
    call<CreatedCase>('/api/cases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
  /**
   * A case action: `POST /api/cases/:id/<verb>`, or the PATCH for `update`, with the version the user saw
   * (a change in between is a 409, never a lost update); 200 with the updated case (every action's
   * documented answer is the CaseDto).
   */
  act: <V extends CaseVerb>(id: string, verb: V, body: CaseActionBody<V> & { version: number }) =>
    call<Case>(verb === 'update' ? `/api/cases/${id}` : `/api/cases/${id}/${verb}`, { method: verb === 'update' ? 'PATCH' : 'POST', body }),

  // ---- the operator's desk ----
  /** A POST: the number travels in the body, never in a URL or a log. */
  callerHistory: (phone: string, signal?: AbortSignal) => call<CallerHistory>('/api/callers/history', { method: 'POST', body: { phone }, signal }),
  setCallerFlag: (body: SetCallerFlag) => call<CallerFlag>('/api/callers/flag', { method: 'PUT', body }),
  liftCallerFlag: (phone: string) => call<{ lifted: boolean }>('/api/callers/flag/lift', { method: 'POST', body: { phone } }),
  similarCases: (categoryCode: string, regionCode: string, text: string, signal?: AbortSignal) =>
    call<SimilarCases>('/api/cases/similar', { query: { categoryCode, regionCode, text }, signal }),
  knowledge: (query: KnowledgeQuery, signal?: AbortSignal) => call<KnowledgeList>('/api/knowledge', { query, signal }),
  knowledgeEntry: (id: string) => call<KnowledgeEntry>(`/api/knowledge/${id}`),
  createKnowledge: (body: NewKnowledgeEntry) => call<KnowledgeEntry>('/api/knowledge', { method: 'POST', body }),
  updateKnowledge: (id: string, body: KnowledgeChanges) => call<KnowledgeEntry>(`/api/knowledge/${id}`, { method: 'PATCH', body }),
  retireKnowledge: (id: string, version: number) => call<KnowledgeEntry>(`/api/knowledge/${id}/retire`, { method: 'POST', body: { version } }),
  replyTemplates: () => call<ReplyTemplate[]>('/api/reply-templates'),
  createReplyTemplate: (body: NewReplyTemplate) => call<ReplyTemplate>('/api/reply-templates', { method: 'POST', body }),
  updateReplyTemplate: (id: string, body: ReplyTemplateChanges) => call<ReplyTemplate>(`/api/reply-templates/${id}`, { method: 'PATCH', body }),
  deleteReplyTemplate: (id: string) => call<void>(`/api/reply-templates/${id}`, { method: 'DELETE' }),
  centreFigures: (from: string, to: string) => call<CentreFigures>('/api/stats/centre', { query: { from, to } }),
  /**
   * Adds a file to a case (`attachments`: multipart, part `file`), with the version the user saw; 200 with
   * the updated case.
   */
  async uploadAttachment(id: string, file: File, isPublic: boolean, version: number): Promise<Case> {
    const form = new FormData();
    form.append('public', String(isPublic));
    form.append('version', String(version));
    form.append('file', file, file.name);
    return multipart<Case>(`/api/cases/${id}/attachments`, form);
  },
  /** A case's file (or its thumbnail) as a Blob: an <img> could not send the token. */
  async attachmentBlob(caseId: string, attachmentId: string, thumbnail = false): Promise<Blob> {
    const session = getSession();
    const res = await fetch(`/api/cases/${caseId}/attachments/${attachmentId}${thumbnail ? '?thumbnail=true' : ''}`, {
      headers: session ? { Authorization: `Bearer ${session.token}` } : {},
    });
    if (res.status === 401) endSession('expired');
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    return res.blob();
  },

  notifications: (query: { caseId?: string; status?: string }) => call<Notification[]>('/api/admin/notifications', { query }),
  open311Clients: () => call<Open311Client[]>('/api/admin/open311-clients'),
  registerOpen311Client: (name: string) => call<CreatedOpen311Client>('/api/admin/open311-clients', { method: 'POST', body: { name } }),
  setOpen311ClientActive: (id: string, active: boolean) =>
    call<Open311Client>(`/api/admin/open311-clients/${id}`, { method: 'PATCH', body: { active } }),

  overdueBoard: () => call<OverdueOwner[]>('/api/supervision/overdue'),
  figures: (from: string, to: string) => call<DepartmentFigures[]>('/api/stats/departments', { query: { from, to } }),
  /** The same table as CSV, fetched with the token (a plain link could not send it). */
  async figuresCsv(from: string, to: string): Promise<Blob> {
    const session = getSession();
    const res = await fetch(`/api/stats/departments.csv?from=${from}&to=${to}`, {
      headers: { Accept: 'text/csv', ...(session ? { Authorization: `Bearer ${session.token}` } : {}) },
    });
    if (res.status === 401) endSession('expired');
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    return res.blob();
  },

  /** The administrator's pages: the rules the system keeps (admin only, every route under /api/admin). */
  admin: {
    routingRules: () => call<RoutingRule[]>('/api/admin/routing-rules'),
    addRoutingRule: (body: NewRoutingRule) => call<RoutingRule>('/api/admin/routing-rules', { method: 'POST', body }),
    removeRoutingRule: (id: string) => call<void>(`/api/admin/routing-rules/${id}`, { method: 'DELETE' }),

    calendar: (from: string, to: string) => call<CalendarDay[]>('/api/admin/calendar', { query: { from, to } }),
    calendarYear: (year: number) => call<CalendarYear>(`/api/admin/calendar/years/${year}`),
    setCalendarDay: (date: string, body: CalendarDayChange) => call<CalendarDay>(`/api/admin/calendar/${date}`, { method: 'PUT', body }),
    resetCalendarDay: (date: string) => call<CalendarDay>(`/api/admin/calendar/${date}`, { method: 'DELETE' }),

    slaPolicy: () => call<SlaPolicy>('/api/admin/sla-policy'),
    setSlaPolicy: (body: SlaPolicyChange) => call<SlaPolicy>('/api/admin/sla-policy', { method: 'PUT', body }),

    departments: () => call<AdminDepartment[]>('/api/admin/departments'),
    addDepartment: (body: NewDepartment) => call<AdminDepartment>('/api/admin/departments', { method: 'POST', body }),
    updateDepartment: (id: string, body: DepartmentChanges) => call<AdminDepartment>(`/api/admin/departments/${id}`, { method: 'PATCH', body }),

    users: () => call<AdminUser[]>('/api/admin/users'),
    addUser: (body: NewUser) => call<AdminUser>('/api/admin/users', { method: 'POST', body }),
    updateUser: (id: string, body: UserChanges) => call<AdminUser>(`/api/admin/users/${id}`, { method: 'PATCH', body }),

    addCatalogNode: (kind: 'categories' | 'regions', body: NewCategory | NewRegion) => call<CatalogRow>(`/api/admin/${kind}`, { method: 'POST', body }),
    renameCatalogNode: (kind: 'regions', code: string, body: CatalogRename) =>
      call<CatalogRow>(`/api/admin/${kind}/${encodeURIComponent(code)}`, { method: 'PATCH', body }),
    updateCategory: (code: string, body: CategoryChanges) => call<CategoryRow>(`/api/admin/categories/${encodeURIComponent(code)}`, { method: 'PATCH', body }),
    removeCatalogNode: (kind: 'categories' | 'regions', code: string) => call<void>(`/api/admin/${kind}/${encodeURIComponent(code)}`, { method: 'DELETE' }),

    audit: (cursor: string | null, limit = 50) => call<AuditPage>('/api/admin/audit', { query: { cursor, limit } }),
  },
};
