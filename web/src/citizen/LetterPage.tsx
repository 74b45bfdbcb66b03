import { useRef, useState, type FormEvent } from 'react';
import { describeError } from '../shared/http';
import { KIND_LABELS } from '../shared/labels';
import type { Kind, Letter, LetterReceipt } from '../shared/types';
import { newUuid } from '../shared/uuid';
import { publicApi } from './api';
import { CopyCode } from './CopyCode';
import { rememberedLetter, rememberLetter, type RememberedLetter } from './remembered';

const EMPTY = { name: '', phone: '', email: '', kind: 'complaint' as Kind, title: '', content: '', address: '', publicConsent: false, notify: true };
const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

/** The server's phone rule (src/common/phone.ts): a mainland mobile, or a landline with its area code. */
function isPhone(input: string): boolean {
  let digits = input.replace(/[\s\-()（）]/g, '');
  if (!/^\+?\d+$/.test(digits)) return false;
  digits = digits.replace(/^(\+86|0086)/, '').replace(/^86(?=1[3-9]\d{9}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) || /^0[1-9]\d{8,10}$/.test(digits);
}

export function LetterPage({ onLookup }: { onLookup(trackingCode: string, verify: string): void }) {
  const [values, setValues] = useState(EMPTY);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<(LetterReceipt & { title: string }) | null>(null);
  const [last, setLast] = useState<RememberedLetter | null>(rememberedLetter);
  const [files, setFiles] = useState<{ file: File; preview: string | null }[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  const addFiles = (list: FileList | null) => {
    key.current = newUuid();
    setError(null);
    const picked = [...(list ?? [])];
    const tooBig = picked.find((f) => f.size > MAX_BYTES);
    if (tooBig) setError(`${tooBig.name} 超过 10 MB`);
    const fitting = picked.filter((f) => f.size <= MAX_BYTES && ACCEPT.split(',').includes(f.type));
    setFiles((current) => [...current, ...fitting.map((file) => ({ file, preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null }))].slice(0, MAX_FILES));
    if (fileInput.current) fileInput.current.value = '';
  };
  const removeFile = (i: number) => {
    key.current = newUuid();
    setFiles((current) => {
      const gone = current[i];
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return current.filter((_, j) => j !== i);
    });
  };
  // The same letter sent again (after a lost answer) keeps its key; an edited one gets a new key.
  const key = useRef(newUuid());

  const set = <K extends keyof typeof EMPTY>(field: K, value: (typeof EMPTY)[K]) => {
    key.current = newUuid();
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isPhone(values.phone)) {
      setError('请填写正确的手机号码或带区号的固定电话');
      return;
    }
    setSending(true);
    setError(null);
    try {
      const letter: Letter = {
        name: values.name.trim() || undefined,
        phone: values.phone.trim(),
        email: values.email.trim() || undefined,
        kind: values.kind,
        title: values.title.trim(),
        content: values.content.trim(),
        address: values.address.trim() || undefined,
        publicConsent: values.publicConsent,
        notify: values.notify,
      };
      const r = files.length > 0 ? await publicApi.sendLetterWithFiles(letter, files.map((f) => f.file), key.current) : await publicApi.sendLetter(letter, key.current);
      for (const f of files) if (f.preview) URL.revokeObjectURL(f.preview);
      setFiles([]);
      const remembered = { ...r, title: letter.title, sentAt: new Date().toISOString() };
      rememberLetter(remembered);
      setLast(remembered);
      setReceipt({ ...r, title: letter.title });
      setValues(EMPTY);
      key.current = newUuid();
      window.scrollTo(0, 0);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSending(false);
    }
  };

  if (receipt) {
    return (
      <section className="card receipt" aria-live="polite">
        <h2 className="ok">来信已提交</h2>
        <p>请记下受理编号和查询码，凭它们查询办理进度；评价答复须用查询码（手机号后四位只能查看进度）。本机浏览器也已为您保存。</p>
        <CopyCode label="受理编号" value={receipt.trackingCode} testId="tracking-code" />
        <CopyCode label="查询码" value={receipt.queryCode} testId="query-code" />
        <p className="muted">我们将在 1 个工作日内分派给承办单位，承办单位一般在 5 个工作日内答复。</p>
        <div className="actions">
          <button className="btn btn-primary" onClick={() => onLookup(receipt.trackingCode, receipt.queryCode)}>
            查看办理进度
          </button>
          <button className="btn" onClick={() => setReceipt(null)}>
            再写一封
          </button>
        </div>
      </section>
    );
  }

  return (
    <>
      {last && (
        <p className="card hint">
          您有一封来信（受理编号 <span className="mono">{last.trackingCode}</span>）。
          <button className="link" onClick={() => onLookup(last.trackingCode, last.queryCode)}>
            查看办理进度
          </button>
        </p>
      )}
      <form className="card form" onSubmit={submit} noValidate={false}>
        <h2>给市长写信</h2>
        <p className="muted">反映问题、提出建议。请如实填写，我们会转交有关部门办理并答复您。</p>
        <label className="field">
          <span>
            手机号码<em>*</em>
          </span>
          <input type="tel" inputMode="tel" autoComplete="tel" required value={values.phone} onChange={(e) => set('phone', e.target.value)} placeholder="用于回访，不会公开" />
        </label>
        <div className="row">
          <label className="field">
            <span>姓名</span>
            <input autoComplete="name" maxLength={100} value={values.name} onChange={(e) => set('name', e.target.value)} placeholder="可不填" />
          </label>
          <label className="field">
            <span>诉求类型</span>
            <select value={values.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
              {Object.entries(KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span>电子邮箱</span>
          <input type="email" autoComplete="email" value={values.email} onChange={(e) => set('email', e.target.value)} placeholder="可不填" />
        </label>
        <label className="field">
          <span>
            标题<em>*</em>
          </span>
          <input required maxLength={200} value={values.title} onChange={(e) => set('title', e.target.value)} placeholder="一句话说明问题" />
        </label>
        <label className="field">
          <span>
            内容<em>*</em>
          </span>
          <textarea required maxLength={10000} rows={6} value={values.content} onChange={(e) => set('content', e.target.value)} placeholder="时间、地点、经过，以及您希望怎样解决" />
        </label>
        <label className="field">
          <span>事发地址</span>
          <input maxLength={500} value={values.address} onChange={(e) => set('address', e.target.value)} placeholder="如：清城区某街道某小区" />
        </label>
        <div className="field">
          <span id="letter-files-label">照片或材料（可选，最多 {MAX_FILES} 个，每个不超过 10 MB）</span>
          {files.length > 0 && (
            <ul className="picked" data-testid="picked-files">
              {files.map((f, i) => (
                <li key={`${f.file.name}-${i}`}>
                  {f.preview ? <img src={f.preview} alt={f.file.name} /> : <span className="pdf">PDF</span>}
                  <span className="picked-name">{f.file.name}</span>
                  <button type="button" className="link" onClick={() => removeFile(i)} aria-label={`移除 ${f.file.name}`}>
                    移除
                  </button>
                </li>
              ))}
            </ul>
          )}
          {files.length < MAX_FILES && (
            <input ref={fileInput} type="file" accept={ACCEPT} multiple onChange={(e) => addFiles(e.target.files)} data-testid="letter-files" aria-labelledby="letter-files-label" />
          )}
          <small className="muted">照片上传时会去除拍摄位置等信息。</small>
        </div>
        <label className="check">
          <input type="checkbox" checked={values.publicConsent} onChange={(e) => set('publicConsent', e.target.checked)} />
          <span>同意公开信件标题（不公开姓名、电话等个人信息）</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={values.notify} onChange={(e) => set('notify', e.target.checked)} />
          <span>通过短信、邮件告知我办理进展</span>
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn-primary btn-block" type="submit" disabled={sending}>
          {sending ? '正在提交…' : '提交来信'}
        </button>
      </form>
    </>
  );
}
