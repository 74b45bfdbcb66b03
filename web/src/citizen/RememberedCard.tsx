import { useState } from 'react';
import { formatTime } from '../shared/time';
import { forgetLetter, rememberedLetter } from './remembered';

/** The last letter sent from this browser, one tap from its progress. */
export function RememberedCard({ onLookup }: { onLookup(trackingCode: string, verify: string): void }) {
  const [last, setLast] = useState(rememberedLetter);
  if (!last) return null;
  return (
    <section className="card remembered">
      <div className="remembered-head">
        <strong>您最近的来信</strong>
        <button
          className="link"
          onClick={() => {
            forgetLetter();
            setLast(null);
          }}
        >
          不再保存
        </button>
      </div>
      <p className="remembered-title">{last.title}</p>
      <p className="muted">
        受理编号 <span className="mono">{last.trackingCode}</span> · 查询码 <span className="mono">{last.queryCode}</span>
        <br />
        {formatTime(last.sentAt)} 提交
      </p>
      <button className="btn btn-small" onClick={() => onLookup(last.trackingCode, last.queryCode)}>
        查看进度
      </button>
    </section>
  );
}
