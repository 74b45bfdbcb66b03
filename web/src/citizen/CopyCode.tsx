import { useState } from 'react';
import { copyText } from '../shared/clipboard';

/** A code to keep, large and easy to read, with a copy button. */
export function CopyCode({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="code">
      <span className="code-label">{label}</span>
      <span className="code-value" data-testid={testId}>
        {value}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          setCopied(await copyText(value));
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? '已复制' : '复制'}
      </button>
    </div>
  );
}
