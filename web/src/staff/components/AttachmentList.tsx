import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Card, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../shared/http';
import { formatTime } from '../../shared/time';
import type { Attachment, Case } from '../../shared/types';
import { api } from '../api';

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** A case's files with thumbnails (fetched with the token, shown from blob: URLs as the CSP allows). */
export function AttachmentList({ c }: { c: Case }) {
  if (c.attachments.length === 0) return null;
  return (
    <Card title={`附件（${c.attachments.length}）`} className="case-card">
      <ul className="attachments" data-testid="attachments">
        {c.attachments.map((a) => (
          <AttachmentItem key={a.id} caseId={c.id} a={a} />
        ))}
      </ul>
    </Card>
  );
}

function AttachmentItem({ caseId, a }: { caseId: string; a: Attachment }) {
  const { message } = App.useApp();
  const [thumb, setThumb] = useState<string | null>(null);
  useEffect(() => {
    if (!a.thumbnail) return;
    let url: string | null = null;
    let cancelled = false;
    api.attachmentBlob(caseId, a.id, true).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setThumb(url);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [caseId, a.id, a.thumbnail]);

  const download = async () => {
    try {
      const url = URL.createObjectURL(await api.attachmentBlob(caseId, a.id));
      const link = document.createElement('a');
      link.href = url;
      link.download = a.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.error(describeError(e));
    }
  };

  return (
    <li className="attachment" data-attachment={a.name}>
      <div className="attachment-thumb">
        {a.thumbnail ? thumb ? <img src={thumb} alt={a.name} /> : <span className="attachment-placeholder" /> : <FilePdfOutlined className="attachment-icon" />}
      </div>
      <div className="attachment-info">
        <Tooltip title={a.name}>
          <div className="attachment-name">{a.name}</div>
        </Tooltip>
        <div className="attachment-meta">
          {sizeText(a.size)} · {a.uploadedBy.type === 'citizen' ? '市民上传' : (a.uploadedBy.displayName ?? '工作人员')} · {formatTime(a.at)}
        </div>
        <div>
          {a.public ? <Tag color="blue">市民可见</Tag> : <Tag>内部</Tag>}
          <Button size="small" type="link" icon={<DownloadOutlined />} onClick={download}>
            下载
          </Button>
        </div>
      </div>
    </li>
  );
}
