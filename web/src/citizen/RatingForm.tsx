import { useState, type FormEvent } from 'react';
import { describeError } from '../shared/http';
import { SATISFACTION_LABELS } from '../shared/labels';
import type { PublicCase, Satisfaction } from '../shared/types';
import { publicApi } from './api';

/** The citizen's rating of the answer: it counts as the centre's callback and closes (or reopens) the case. */
export function RatingForm({ credentials, onRated }: { credentials: { trackingCode: string; verify: string }; onRated(c: PublicCase): void }) {
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
    setBusy(true);
    setError(null);
    try {
      onRated(
        await publicApi.rate(credentials.trackingCode, {
          verify: credentials.verify,
          satisfaction,
          resolved: resolved ?? undefined,
          comment: comment.trim() || undefined,
        }),
      );
    } catch (err) {
      setError(describeError(err));
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
