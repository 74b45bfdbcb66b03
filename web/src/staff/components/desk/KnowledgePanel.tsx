/**
 * 知识库: entries in force that match what the caller is saying, most relevant first. The operator
 * reads one out, quotes it, and closes the call as answered on the spot (直办) in one step.
 */
import { Button, Card, Checkbox, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../../shared/http';
import type { KnowledgeItem } from '../../../shared/types';
import { api } from '../../api';
import { useDebounced } from './useDebounced';

export function KnowledgePanel({ text, onAnswer, busy }: { text: string; onAnswer(ids: string[], answer: string): void; busy: boolean }) {
  const q = useDebounced(text.trim().slice(0, 200), 450);
  const [items, setItems] = useState<KnowledgeItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Record<string, string>>({});
  const [picked, setPicked] = useState<string[]>([]);
  const [answer, setAnswer] = useState('');
  useEffect(() => {
    setError(null);
    if (q.length < 2) return setItems(null);
    const controller = new AbortController();
    api.knowledge({ q, limit: 5 }, controller.signal).then(
      (r) => setItems(r.items),
      (e: unknown) => !controller.signal.aborted && setError(describeError(e)),
    );
    return () => controller.abort();
  }, [q]);

  const body = async (id: string) => open[id] ?? (await api.knowledgeEntry(id)).body;
  const toggleOpen = async (id: string) => {
    if (open[id]) return setOpen(({ [id]: _, ...rest }) => rest);
    try {
      const text = await body(id);
      setOpen((o) => ({ ...o, [id]: text }));
    } catch (e) {
      setError(describeError(e));
    }
  };
  const pick = async (id: string, on: boolean) => {
    const next = on ? [...picked, id] : picked.filter((x) => x !== id);
    setPicked(next);
    if (on && !answer.trim()) {
      try {
        setAnswer(await body(id));
      } catch (e) {
        setError(describeError(e));
      }
    }
  };
  if (q.length < 2 || (items && items.length === 0 && !error)) return null;
  return (
    <Card title="知识库" className="side-card desk-card knowledge-card" size="small" extra={<span className="desk-count">可当场答复</span>}>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <List
        size="small"
        loading={items === null && !error}
        dataSource={items ?? []}
        renderItem={(k) => (
          <List.Item className="desk-item knowledge-item">
            <div className="desk-item-main">
              <Checkbox checked={picked.includes(k.id)} onChange={(e) => pick(k.id, e.target.checked)} className="knowledge-pick">
                <span className="desk-item-title">{k.title}</span>
              </Checkbox>
              <div className="desk-item-meta">
                {k.department.name}
                {k.sourceRef && <Tag className="source-ref">{k.sourceRef}</Tag>}
              </div>
              <Typography.Paragraph className={open[k.id] ? 'knowledge-text' : 'knowledge-text clamped'}>{open[k.id] ?? k.snippet}</Typography.Paragraph>
              <Button type="link" size="small" onClick={() => toggleOpen(k.id)} className="knowledge-more">
                {open[k.id] ? '收起' : '查看全文'}
              </Button>
            </div>
          </List.Item>
        )}
      />
      {picked.length > 0 && (
        <div className="knowledge-answer">
          <Typography.Text strong>答复市民（市民可见）</Typography.Text>
          <Input.TextArea value={answer} onChange={(e) => setAnswer(e.target.value)} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={10000} aria-label="当场答复内容" />
          <Space className="knowledge-actions">
            <Button type="primary" loading={busy} disabled={!answer.trim()} onClick={() => onAnswer(picked, answer.trim())} data-action="answer-on-the-spot">
              当场答复并办结
            </Button>
            <Typography.Text type="secondary">将按已填写的来电信息建单并直接办结</Typography.Text>
          </Space>
        </div>
      )}
    </Card>
  );
}
