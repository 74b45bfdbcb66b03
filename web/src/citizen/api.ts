/** The citizen's calls: no account, only the public endpoints. */
import { httpRequest } from '../shared/http';
import type { Letter, LetterReceipt, PublicCase, RatingBody } from '../shared/types';
import { newUuid } from '../shared/uuid';

export const publicApi = {
  /** One key per letter, so a retry after a lost answer never files it twice. */
  sendLetter: (letter: Letter, idempotencyKey = newUuid()) =>
    httpRequest<LetterReceipt>('/api/public/letters', { method: 'POST', body: letter, headers: { 'Idempotency-Key': idempotencyKey } }),
  lookup: (trackingCode: string, verify: string) =>
    httpRequest<PublicCase>(`/api/public/cases/${encodeURIComponent(trackingCode)}`, { query: { verify } }),
  rate: (trackingCode: string, body: RatingBody) =>
    httpRequest<PublicCase>(`/api/public/cases/${encodeURIComponent(trackingCode)}/rating`, { method: 'POST', body }),
};
