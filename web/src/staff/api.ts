/**
 * The staff console's typed client for the HTTP API. Every call carries the session's token; a 401
 * ends the session (the console goes back to the login form) — that is handled here and nowhere else.
 */
import { ApiError, httpRequest, type RequestOptions } from '../shared/http';
import type {
  Case,
  CaseList,
  CaseStatus,
  CaseWithTimeline,
  CatalogNode,
  CreatedCase,
  DepartmentFigures,
  DepartmentNode,
  DepartmentUser,
  LoginResponse,
  OverdueOwner,
  Priority,
  Resolution,
  Satisfaction,
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

/** The filters of `GET /api/cases` (README: "The API in short"). */
export interface CaseQuery {
  status?: CaseStatus;
  open?: boolean;
  atCentre?: boolean;
  pendingExtension?: boolean;
  departmentId?: string;
  overdue?: boolean;
  priority?: Priority;
  categoryCode?: string;
  regionCode?: string;
  supervised?: boolean;
  awaitingDecision?: boolean;
  callbackDue?: boolean;
  q?: string;
  order?: 'newest' | 'oldest' | 'deadline';
  limit?: number;
}

export interface NewCase {
  channel: Case['channel'];
  kind: Case['kind'];
  priority: Priority;
  categoryCode: string;
  regionCode: string;
  address?: string;
  title: string;
  content: string;
  citizen: { name?: string; phone?: string; confidential?: boolean };
  publicConsent?: boolean;
}

/** Every case action sends the version the user saw: a change in between is a 409, never a lost update. */
type Versioned<T = object> = T & { version: number };

const act = <T extends object>(id: string, verb: string, body: Versioned<T>) =>
  call<Case>(`/api/cases/${id}/${verb}`, { method: 'POST', body });

export const api = {
  login: (username: string, password: string) =>
    httpRequest<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } }),
  me: () => call<User>('/api/auth/me'),

  departments: () => call<DepartmentNode[]>('/api/departments'),
  departmentUsers: (departmentId: string) => call<DepartmentUser[]>(`/api/departments/${departmentId}/users`),
  categories: () => call<CatalogNode[]>('/api/catalog/categories'),
  regions: () => call<CatalogNode[]>('/api/catalog/regions'),
  suggest: (categoryCode: string, regionCode: string) =>
    call<Suggestion | null>('/api/routing/suggest', { query: { categoryCode, regionCode } }),

  listCases: (query: CaseQuery, cursor: string | null, signal?: AbortSignal) =>
    call<CaseList>('/api/cases', { query: { ...query, cursor }, signal }),
  getCase: (id: string, signal?: AbortSignal) => call<CaseWithTimeline>(`/api/cases/${id}`, { signal }),
  createCase: (body: NewCase, idempotencyKey: string) =>
    call<CreatedCase>('/api/cases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
  reclassify: (id: string, body: Versioned<Partial<Pick<Case, 'kind' | 'priority' | 'title'>> & { categoryCode?: string; regionCode?: string; address?: string }>) =>
    call<Case>(`/api/cases/${id}`, { method: 'PATCH', body }),

  dispatch: (id: string, body: Versioned<{ departmentId: string; coDepartmentIds?: string[]; note?: string }>) => act(id, 'dispatch', body),
  sign: (id: string, body: Versioned) => act(id, 'sign', body),
  returnCase: (id: string, body: Versioned<{ reason: string; suggestedDepartmentId?: string }>) => act(id, 'return', body),
  assign: (id: string, body: Versioned<{ assigneeId: string }>) => act(id, 'assign', body),
  note: (id: string, body: Versioned<{ content: string }>) => act(id, 'notes', body),
  reply: (id: string, body: Versioned<{ content: string; resolution: Resolution; reason?: string }>) => act(id, 'reply', body),
  callback: (id: string, body: Versioned<{ satisfaction: Satisfaction; resolved: boolean; note?: string }>) => act(id, 'callback', body),
  close: (id: string, body: Versioned<{ reason: 'answered' | 'not_accepted' | 'merged'; note: string; mergedIntoId?: string }>) =>
    act(id, 'close', body),
  requestExtension: (id: string, body: Versioned<{ workingDays: number; reason: string }>) => act(id, 'extension', body),
  decideExtension: (id: string, body: Versioned<{ approve: boolean; workingDays?: number; note?: string }>) =>
    act(id, 'extension/decision', body),
  supervise: (id: string, body: Versioned<{ note: string; requirement: string }>) => act(id, 'supervise', body),
  decideOwner: (id: string, body: Versioned<{ departmentId: string; note: string }>) => act(id, 'decide-owner', body),

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
