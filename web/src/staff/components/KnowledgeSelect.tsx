/**
 * Picks knowledge-base entries (知识库) by searching in the caller's words; only entries in force are
 * offered (the server never suggests a retired or expired one).
 */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { KnowledgeItem } from '../../shared/types';
import { api } from '../api';

export function KnowledgeSelect({
  value,
  onChange,
  onPicked,
  categoryCode,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** The entries just picked, for their text. */
  onPicked?: (items: KnowledgeItem[]) => void;
  categoryCode?: string | null;
}) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<KnowledgeItem[]>([]);
  const [known, setKnown] = useState<Map<string, KnowledgeItem>>(new Map());
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    if (q.trim().length < 2) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setSearching(true);
      api
        .knowledge({ q: q.trim(), limit: 8 }, controller.signal)
        .then((r) => {
          setOptions(r.items);
          setKnown((m) => new Map([...m, ...r.items.map((i) => [i.id, i] as const)]));
        })
        .catch(() => undefined)
        .finally(() => setSearching(false));
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, categoryCode]);
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={(ids: string[]) => {
        onChange?.(ids);
        onPicked?.(ids.map((id) => known.get(id)).filter((x): x is KnowledgeItem => !!x));
      }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={searching}
      options={options.map((i) => ({ value: i.id, label: i.title }))}
      placeholder="用市民的话搜索知识库，如：公积金怎么提取"
      notFoundContent={q.trim().length < 2 ? '至少输入两个字' : searching ? '查找中…' : '没有匹配的知识条目'}
      className="knowledge-select"
    />
  );
}
