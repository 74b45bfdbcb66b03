import { useState, type FormEvent } from 'react';
import { ApiError, describeError, describeWait } from '../shared/http';
import { SATISFACTION_LABELS } from '../shared/labels';
import type { PublicCase, Satisfaction } from '../shared/types';
import { publicApi } from './api';
import { rememberedLetter } from './remembered';

const QUERY_CODE = /^\d{6}$/;

/** The query code of this case, when this browser sent the letter (the receipt remembers it). */
function rememberedQueryCode(trackingCode: string): string {
  const last = rememberedLetter();
  return last && last.trackingCode === trackingCode ? last.queryCode : '';
}

/** What to tell the citizen when the rating was refused. */
function ratingError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'QUERY_CODE_REQUIRED') return '评价须填写 6 位查询码：手机号后四位只能查看进度，不能评价。';
    if (err.status === 404) return '查询码不正确，请核对：它是受理时话务员读给您的、或写信回执上的 6 位数字。';
    if (err.status === 429) return `尝试次数过多，请${describeWait(err.retryAfterSeconds)}再试。`;
  }
  return describeError(err);
}

/**
 * The citizen's rating of the answer: it counts as the centre's callback and closes (or reopens) the
 * case. Only the query code rates (departments never see it; the phone's last four digits show in their
 * masked copy of the number): looked up with the phone digits, the citizen is asked for it, and it is
 * filled in when this browser sent the letter.
 */
export function RatingForm({ credentials, onRated }: { credentials: { trackingCode: string; verify: string }; onRated(c: PublicCase): void }) {
  const openedWithQueryCode = QUERY_CODE.test(credentials.verify);
  const [queryCode, setQueryCode] = useState(() => (openedWithQueryCode ? credentials.verify : rememberedQueryCode(credentials.trackingCode)));
  const [prefilled] = useState(() => !openedWithQueryCode && queryCode !== '');
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!satisfaction) {
      setError('请选择您对答复的评价');
      return;
    }
    const verify = queryCode.trim();
    if (!QUERY_CODE.test(verify)) {
      setError('请填写 6 位数字的查询码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRated(
        await publicApi.rate(credentials.trackingCode, {
          verify,
          satisfaction,
          resolved: resolved ?? undefined,
          comment: comment.trim() || undefined,
        }),
      );
    } catch (err) {
      setError(ratingError(err));
      setBusy(false);
    }
  };

  return (
    <form className="rating" onSubmit={submit}>
      <h3>评价这次答复</h3>
      <div className="choices" role="radiogroup" aria-label="满意程度">
        {(Object.keys(SATISFACTION_LABELS) as Satisfaction[]).map((s) => (
          <button type="button" key={s} role="radio" aria-checked={satisfaction === s} className={satisfaction === s ? 'choice active' : 'choice'} onClick={() => setSatisfaction(s)}>
            {SATISFACTION_LABELS[s]}
          </button>
        ))}
      </div>
      <div className="choices" role="radiogroup" aria-label="问题是否解决">
        <span className="choices-label">问题解决了吗？</span>
        {[true, false].map((r) => (
          <button type="button" key={String(r)} role="radio" aria-checked={resolved === r} className={resolved === r ? 'choice active' : 'choice'} onClick={() => setResolved(r)}>
            {r ? '已解决' : '未解决'}
          </button>
        ))}
      </div>
      <label className="field">
        <span>意见（可不填）</span>
        <textarea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {!openedWithQueryCode && (
        <div className="query-code-ask" data-testid="query-code-ask">
          <label className="field">
            <span>
              查询码<em>*</em>
            </span>
            <input
              className="mono"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              value={queryCode}
              onChange={(e) => setQueryCode(e.target.value.replace(/\D/g, ''))}
              placeholder="6 位数字"
              aria-describedby="query-code-why"
            />
          </label>
          <p className="hint" id="query-code-why">
            评价须用查询码，以确认是您本人：来电反映的，受理时话务员会读给您；写信的，在提交后的回执上。手机号后四位只能查看进度。
            {prefilled && ' 已为您填入本机保存的查询码。'}
          </p>
        </div>
      )}
      {satisfaction === 'unsatisfied' && resolved === false && <p className="note">您的问题将退回承办单位重新办理。</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? '正在提交…' : '提交评价'}
      </button>
    </form>
  );
}
