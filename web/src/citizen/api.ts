/** The citizen's calls: no account, only the public endpoints. */
import { httpRequest } from '../shared/http';
import { ApiError, type ErrorBody } from '../shared/http';
import type { Letter, LetterReceipt, PublicCase, RatingBody } from '../shared/types';
import { newUuid } from '../shared/uuid';

export const publicApi = {
  /** One key per letter, so a retry after a lost answer never files it twice. */
  sendLetter: (letter: Letter, idempotencyKey = newUuid()) =>
    httpRequest<LetterReceipt>('/api/public/letters', { method: 'POST', body: letter, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** A letter with photos: the same fields as form fields, the files in the part `files`. */
  async sendLetterWithFiles(letter: Letter, files: File[], idempotencyKey = newUuid()): Promise<LetterReceipt> {
    const form = new FormData();
    for (const [key, value] of Object.entries(letter)) if (value !== undefined) form.append(key, String(value));
    for (const file of files) form.append('files', file, file.name);
    const res = await fetch('/api/public/letters', { method: 'POST', headers: { Accept: 'application/json', 'Idempotency-Key': idempotencyKey }, body: form });
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok) throw new ApiError(res.status, (data as ErrorBody) ?? null);
    return data as LetterReceipt;
  },
  resendCodes: (trackingCode: string) =>
    httpRequest<{ accepted: boolean; message: string }>(`/api/public/cases/${encodeURIComponent(trackingCode)}/resend-codes`, { method: 'POST' }),
  /** A public file of the case (an <img> or a link: same origin, no token needed). */
  attachmentUrl: (trackingCode: string, verify: string, id: string, thumbnail = false) =>
    `/api/public/cases/${encodeURIComponent(trackingCode)}/attachments/${id}?verify=${encodeURIComponent(verify)}${thumbnail ? '&thumbnail=true' : ''}`,
  lookup: (trackingCode: string, verify: string) =>
    httpRequest<PublicCase>(`/api/public/cases/${encodeURIComponent(trackingCode)}`, { query: { verify } }),
  rate: (trackingCode: string, body: RatingBody) =>
    httpRequest<PublicCase>(`/api/public/cases/${encodeURIComponent(trackingCode)}/rating`, { method: 'POST', body }),
};
