/**
 * The staff console's typed client for the HTTP API. Every call carries the session's token; a 401
 * ends the session (the console goes back to the login form) — that is handled here and nowhere else.
 */
import { ApiError, httpRequest, type RequestOptions } from '../shared/http';
import type {
  Case,
  CaseActionBody,
  CaseList,
  CaseQuery,
  CaseVerb,
  CaseWithTimeline,
  CatalogNode,
  CreatedCase,
  Hotspot,
  Incident,
  IncidentDetail,
  Overview,
  DepartmentFigures,
  DepartmentNode,
  DepartmentUser,
  LoginResponse,
  NewCase,
  OverdueOwner,
  Suggestion,
  User,
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

export const api = {
  login: (username: string, password: string) =>
    httpRequest<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } }),
  me: () => call<User>('/api/auth/me'),

  departments: () => call<DepartmentNode[]>('/api/departments'),
  departmentUsers: (departmentId: string) => call<DepartmentUser[]>(`/api/departments/${departmentId}/users`),
  categories: () => call<CatalogNode[]>('/api/catalog/categories'),
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
};
