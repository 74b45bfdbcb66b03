import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError, describeWait } from '../shared/http';
import { KIND_LABELS, PUBLIC_STATUS_LABELS, RESOLUTION_LABELS } from '../shared/labels';
import type { LiveConnection } from '../shared/live';
import { stageLabel } from '../shared/deadlines';
import { formatTime } from '../shared/time';
import type { PublicCase } from '../shared/types';
import { publicApi } from './api';
import { RatingForm } from './RatingForm';
import { RememberedCard } from './RememberedCard';

interface Credentials {
  trackingCode: string;
  verify: string;
}

/** How long to wait before fetching the live client's code again after it failed to load. */
const LIVE_CLIENT_RETRY_MS = 5_000;

/** What to tell the citizen when a lookup was refused. */
function lookupError(e: unknown, verify: string): string {
  if (e instanceof ApiError && e.status === 404) return '没有找到：请核对受理编号，以及查询码或手机号后四位';
  if (e instanceof ApiError && e.status === 429) {
    const wait = describeWait(e.retryAfterSeconds);
    // Past the failure limit only the phone digits are refused: the query code still opens the case.
    return verify.length === 4
      ? `用手机号后四位查询失败的次数过多，请${wait}再试；用 6 位查询码（受理时告知，或写信回执上的）现在仍可查询。`
      : `查询过于频繁，请${wait}再试。`;
  }
  return describeError(e);
}

/** Look up a case with its tracking code and the query code (or the phone's last four digits). */
export function LookupPage({ initial }: { initial: Credentials | null }) {
  // A link from a message (`#lookup=<tracking code>`) fills in the code; the citizen adds the query code.
  const [form, setForm] = useState<Credentials>(initial ?? { trackingCode: codeFromHash(), verify: '' });
  const [found, setFound] = useState<{ c: PublicCase; credentials: Credentials } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [rated, setRated] = useState(false);

  const lookup = useCallback(async (credentials: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const c = await publicApi.lookup(credentials.trackingCode, credentials.verify);
      setFound({ c, credentials });
    } catch (e) {
      setFound(null);
      setError(lookupError(e, credentials.verify));
    } finally {
      setBusy(false);
    }
  }, []);

  // Arriving from the letter receipt (or the remembered letter): look it up at once.
  useEffect(() => {
    if (initial) void lookup(initial);
  }, [initial, lookup]);

  // While a case is on screen, follow it live; the live client loads only now, never on first paint.
  const trackingCode = found?.credentials.trackingCode;
  const verify = found?.credentials.verify;
  const connection = useRef<LiveConnection | null>(null);
  useEffect(() => {
    if (!trackingCode || !verify) return;
    let cancelled = false;
    let again: ReturnType<typeof setTimeout> | undefined;
    const follow = () =>
      import('../shared/live').then(
        ({ connectLive }) => {
          if (cancelled) return;
          const refresh = () => void lookup({ trackingCode, verify });
          connection.current = connectLive({ trackingCode, verify }, { onEvent: refresh, onResync: refresh, onState: (s) => setLive(s === 'live') });
        },
        // The live client's code did not arrive (a blip): the case stays on screen; try again shortly.
        () => {
          if (!cancelled) again = setTimeout(follow, LIVE_CLIENT_RETRY_MS);
        },
      );
    void follow();
    return () => {
      cancelled = true;
      clearTimeout(again);
      connection.current?.close();
      connection.current = null;
      setLive(false);
    };
  }, [trackingCode, verify, lookup]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const credentials = { trackingCode: form.trackingCode.trim().toUpperCase(), verify: form.verify.trim() };
    if (!credentials.trackingCode || !credentials.verify) {
      setError('请填写受理编号和查询码（或手机号后四位）');
      return;
    }
    void lookup(credentials);
  };

  return (
    <>
      {!found && !initial && (
        <RememberedCard
          onLookup={(trackingCode, verify) => {
            setForm({ trackingCode, verify });
            void lookup({ trackingCode, verify });
          }}
        />
      )}
      <form className="card form" onSubmit={submit}>
        <h2>查询办理进度</h2>
        <label className="field">
          <span>受理编号</span>
          <input
            className="mono upper"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            value={form.trackingCode}
            onChange={(e) => setForm({ ...form, trackingCode: e.target.value })}
            placeholder="10 位字母数字，如 K7RM4XQ2PA"
          />
        </label>
        <label className="field">
          <span>查询码或手机号后四位</span>
          <input inputMode="numeric" autoComplete="off" maxLength={6} value={form.verify} onChange={(e) => setForm({ ...form, verify: e.target.value })} placeholder="6 位查询码，或来电/留言手机号后四位" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy && !found ? '正在查询…' : '查询'}
        </button>
        {!found && <ResendCodes trackingCode={form.trackingCode} />}
      </form>
      {rated && (
        <p className="card thanks" role="status">
          感谢您的评价！您的意见将用于对承办单位的考核。
        </p>
      )}
      {found && (
        <CaseView
          c={found.c}
          credentials={found.credentials}
          live={live}
          onRated={(c) => {
            setFound({ ...found, c });
            setRated(true);
          }}
        />
      )}
    </>
  );
}

function codeFromHash(): string {
  const match = /lookup=([A-Za-z0-9]{6,20})/.exec(location.hash);
  return match ? match[1].toUpperCase() : '';
}

/** Lost the query code? It is sent again to the phone or e-mail given with the case. */
function ResendCodes({ trackingCode }: { trackingCode: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const [text, setText] = useState('');
  const send = async () => {
    const code = trackingCode.trim().toUpperCase();
    if (!code) {
      setState('error');
      setText('请先填写受理编号');
      return;
    }
    setState('busy');
    try {
      setText((await publicApi.resendCodes(code)).message);
      setState('done');
    } catch (e) {
      setText(describeError(e));
      setState('error');
    }
  };
  return (
    <p className="resend">
      <button type="button" className="link" onClick={send} disabled={state === 'busy'}>
        忘记了？重新发送到我的手机或邮箱
      </button>
      {state === 'done' && <span className="muted" role="status">{text}</span>}
      {state === 'error' && <span className="error">{text}</span>}
    </p>
  );
}

function CaseView({ c, credentials, live, onRated }: { c: PublicCase; credentials: Credentials; live: boolean; onRated(c: PublicCase): void }) {
  return (
    <section className="card case" aria-live="polite">
      <div className="case-status">
        <span className={`status status-${c.status}`} data-testid="case-status">
          {PUBLIC_STATUS_LABELS[c.status]}
        </span>
        {live && <span className="live-dot">实时更新</span>}
      </div>
      <h2 className="case-title">{c.title}</h2>
      <dl className="facts">
        <dt>受理编号</dt>
        <dd className="mono">{c.trackingCode}</dd>
        <dt>诉求类型</dt>
        <dd>{KIND_LABELS[c.kind]}</dd>
        <dt>受理时间</dt>
        <dd>{formatTime(c.createdAt)}</dd>
        <dt>承办单位</dt>
        <dd data-testid="case-owner">{c.owner.name}</dd>
        {c.deadline && c.status !== 'closed' && (
          <>
            <dt>{stageLabel(c.status)}</dt>
            <dd>{formatTime(c.deadline)} 前</dd>
          </>
        )}
      </dl>
      {c.mergedInto && <p className="note">您反映的问题与其他市民的诉求相同，已合并办理，以下为合并后的进度和答复。</p>}
      {c.reply && (
        <div className="reply" data-testid="case-reply">
          <div className="reply-head">
            <strong>{c.reply.department} 的答复</strong>
            <span className="muted">{formatTime(c.reply.repliedAt)}</span>
          </div>
          <span className={`tag tag-${c.reply.resolution}`}>{RESOLUTION_LABELS[c.reply.resolution]}</span>
          <p className="reply-text">{c.reply.content}</p>
        </div>
      )}
      {c.attachments.length > 0 && (
        <>
          <h3>附件</h3>
          <ul className="files" data-testid="case-attachments">
            {c.attachments.map((a) => (
              <li key={a.id}>
                <a href={publicApi.attachmentUrl(credentials.trackingCode, credentials.verify, a.id)} target="_blank" rel="noreferrer" download={a.type === 'application/pdf' ? a.name : undefined}>
                  {a.thumbnail ? <img src={publicApi.attachmentUrl(credentials.trackingCode, credentials.verify, a.id, true)} alt={a.name} loading="lazy" /> : <span className="pdf">PDF</span>}
                  <span className="file-name">{a.name}</span>
                </a>
                <span className="muted">{a.uploadedBy.type === 'citizen' ? '您上传的' : '承办单位提供'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {c.status === 'replied' && c.reply && <RatingForm credentials={credentials} onRated={onRated} />}
      <h3>办理过程</h3>
      <ol className="timeline">
        {[...c.timeline].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`} data-testid="timeline-step">
            <div className="tl-head">
              <strong className="tl-summary">{e.summary}</strong>
              <span className="muted tl-time">{formatTime(e.at)}</span>
            </div>
            {e.note && <p className="tl-note">{e.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
