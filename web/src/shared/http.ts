/** The one place that speaks HTTP to the API: JSON in, JSON out, errors as `ApiError`. */

import type { ErrorBody } from './types';

export type { ErrorBody };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    /** A 429's `Retry-After`, in seconds, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(body ? [body.message].flat().join('; ') : `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The stable domain error code (`STALE_VERSION`, `FINAL_OWNER`, …) when the server gave one. */
  get code(): string | undefined {
    return this.body?.code;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Sends one request; resolves with the parsed body (or `undefined` for an empty one). */
export async function httpRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(withQuery(path, options.query), {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, (data as ErrorBody) ?? null, retryAfter(res.headers.get('Retry-After')));
  return data as T;
}

/** `Retry-After` as seconds (the API sends seconds; an HTTP date is read too). */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

/** "约 N 分钟" (or seconds, under a minute) for a wait the server asked for. */
export function describeWait(seconds: number | null): string {
  if (seconds === null) return '稍后';
  return seconds < 60 ? `${seconds} 秒后` : `约 ${Math.ceil(seconds / 60)} 分钟后`;
}

/** What to tell a person about a failed call, in their language. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const known = error.code ? CODE_MESSAGES[error.code] : undefined;
    if (known) return known;
    const detail = error.body ? [error.body.message].flat().join('；') : '';
    const summary = STATUS_MESSAGES[error.status] ?? `服务暂时不可用（${error.status}）`;
    return error.status === 400 && detail ? `${summary}：${detail}` : summary;
  }
  if (error instanceof DOMException && error.name === 'AbortError') return '请求已取消';
  return '网络连接失败，请检查网络后重试';
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '填写的内容有误',
  401: '登录已失效，请重新登录',
  403: '您的角色无权进行此操作',
  404: '未找到，或您无权查看',
  409: '工单状态已变化，请刷新后再试',
  413: '内容过长',
  422: '重复提交的内容与首次不一致',
  429: '操作过于频繁，请稍后再试',
};

const CODE_MESSAGES: Record<string, string> = {
  STALE_VERSION: '工单已被他人更新，已为您重新加载最新内容',
  INVALID_TRANSITION: '工单当前状态不允许此操作，已为您重新加载',
  CASE_MOVED_AWAY: '该工单已不在本单位办理',
  FINAL_OWNER: '督办已裁定由本单位承办，不能退单',
  EXTENSION_PENDING: '已有一项延期申请待审批',
  EXTENSION_LIMIT: '每件工单最多批准两次延期',
  NO_PENDING_EXTENSION: '没有待审批的延期申请',
  MERGE_TARGET_CLOSED: '只能并入尚未办结的工单',
  MERGE_INTO_ITSELF: '不能并入工单自身',
  UNKNOWN_MERGE_TARGET: '要并入的工单不存在',
  NOT_A_CHILD_UNIT: '只能下派给本单位的下级单位',
  NOT_DEPARTMENT_STAFF: '只能指派给本单位在岗人员',
  OWNER_AS_CO_DEPARTMENT: '协办单位不能包含主办单位',
  IDEMPOTENCY_KEY_IN_USE: '上一次提交仍在处理中，请稍候',
  TOO_MANY_DAYS: '批准天数不能超过申请天数',
  INVALID_PERIOD: '统计区间无效（最长 366 天）',
  RETURN_WINDOW_CLOSED: '已超过退单时限（派单后 2 个工作日内）',
  AWAITING_DECISION: '该工单已多次退回，须由督办员裁定承办单位',
  UNKNOWN_REFERENCE: '所选分类或区划不存在',
  UNKNOWN_DEPARTMENT: '所选单位不存在或已停用',
  // administration
  DUPLICATE_RULE: '该分类在该区划已有派单规则，请先删除原规则',
  USERNAME_TAKEN: '该用户名已被使用',
  CODE_TAKEN: '该编码已被使用',
  DEPARTMENT_CYCLE: '不能移到本单位或其下级单位之下',
  DEPARTMENT_REQUIRED: '承办人和部门负责人必须属于一个承办单位',
  NO_DEPARTMENT: '中心人员（话务员、督办员、管理员）不属于承办单位',
  IN_USE: '仍在使用中（有工单、派单规则或下级引用），不能删除',
  INVALID_DATE: '日期无效',
  INVALID_YEAR: '年份无效',
  INVALID_RANGE: '日期范围无效',
  NOTHING_TO_CHANGE: '没有需要保存的修改',
  QUERY_CODE_REQUIRED: '评价答复须填写 6 位查询码：手机号后四位只能查看进度',
  CLASSIFY_FIRST: '请先更正分类：选定事项分类和所属区划后才能派单',
  LOOKUP_BLOCKED: '手机号后四位核对失败次数过多，请稍后再试；使用 6 位查询码仍可查询',
  KNOWLEDGE_ENTRY_NOT_IN_FORCE: '所引用的知识条目已失效或已停用，请重新选择',
  UNKNOWN_KNOWLEDGE_ENTRY: '所引用的知识条目不存在',
  KNOWLEDGE_ENTRY_RETIRED: '该知识条目已停用',
  NOT_YOUR_DEPARTMENT: '只能维护本单位的内容',
  FILE_TOO_LARGE: '文件超过 10 MB',
  TOO_MANY_FILES: '最多上传 5 个文件',
  UNSUPPORTED_FILE_TYPE: '只能上传 JPEG、PNG、WebP 图片或 PDF 文件',
  INVALID_FILE: '文件已损坏或无法读取',
  FILE_REQUIRED: '请选择要上传的文件',
  UNKNOWN_ATTACHMENT: '附件不属于本工单',
};
