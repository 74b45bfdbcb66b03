import { Form, Input, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { CLOSE_REASON_LABELS, TRANSFER_TARGET_LABELS } from '../../shared/labels';
import type { CaseActionBody, TransferTarget } from '../../shared/types';
import { api } from '../api';
import { KnowledgeSelect } from '../components/KnowledgeSelect';
import { TemplatePicker } from '../components/TemplatePicker';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, optional, required } from './fields';

type Reason = CaseActionBody<'close'>['reason'];

/** The ways the centre may close a case (the others — by callback, by rating — are not chosen here). */
const REASONS: Record<Reason, true> = { answered: true, not_accepted: true, merged: true, transferred: true };
const CLOSE_NOTE_HINTS: Record<Reason, string> = {
  answered: '可不填。当场答复市民的要点。',
  not_accepted: '可不填。向市民说明不予受理的原因和可以去哪里反映。',
  merged: '可不填。例如：您反映的问题已有其他市民反映，将合并办理，办理结果同样告知您。',
  transferred: '可不填。例如：您反映的情况属于紧急警情，已转交110处理。',
};

interface CloseValues {
  reason: Reason;
  mergedIntoId?: string;
  knowledgeEntryIds?: string[];
  publicNote?: string;
  transferTo?: TransferTarget;
  counterpartRef?: string;
  note: string;
}

/** Finds an open case to merge into, by tracking code or words of its title. */
function MergeTargetSelect({ exclude, ...props }: { exclude: string; value?: string; onChange?: (v: string) => void }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const [q, setQ] = useState('');
  useEffect(() => {
    if (q.trim().length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      setSearching(true);
      api
        .listCases({ open: true, q: q.trim(), limit: 10 }, null)
        .then((page) => live && setOptions(page.items.filter((x) => x.id !== exclude).map((x) => ({ value: x.id, label: `${x.trackingCode}　${x.title}` }))))
        .catch(() => undefined)
        .finally(() => live && setSearching(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, exclude]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={searching}
      options={options}
      placeholder="输入受理编号或标题关键字查找未办结工单"
      notFoundContent={q.trim().length < 2 ? '至少输入两个字' : searching ? '查找中…' : '没有匹配的工单'}
      {...props}
    />
  );
}

function CloseFields({ c, form }: FieldsProps) {
  return (
    <>
      <Form.Item name="reason" label="办结方式" rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={(Object.keys(REASONS) as Reason[]).map((value) => ({ value, label: CLOSE_REASON_LABELS[value] }))} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.reason !== b.reason}>
        {({ getFieldValue }) => {
          const reason = getFieldValue('reason') as Reason;
          if (reason === 'merged') {
            return (
              <Form.Item name="mergedIntoId" label="并入工单" rules={[{ required: true, message: '请选择要并入的工单' }]}>
                <MergeTargetSelect exclude={c.id} />
              </Form.Item>
            );
          }
          if (reason === 'transferred') {
            return (
              <>
                <Form.Item name="transferTo" label="转交" rules={[{ required: true, message: '请选择转交的紧急服务' }]}>
                  <Radio.Group optionType="button" options={Object.entries(TRANSFER_TARGET_LABELS).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item name="counterpartRef" label="对方接警编号">
                  <Input maxLength={100} placeholder="对方告知的接警或事件编号（可不填）" />
                </Form.Item>
              </>
            );
          }
          if (reason === 'answered') {
            return (
              <Form.Item name="knowledgeEntryIds" label="依据的知识条目">
                <KnowledgeSelect
                  categoryCode={c.categoryCode}
                  onPicked={(items) => {
                    if (!String(form.getFieldValue('publicNote') ?? '').trim() && items[0]) form.setFieldValue('publicNote', items[0].snippet.replace(/…$/, ''));
                  }}
                />
              </Form.Item>
            );
          }
          return null;
        }}
      </Form.Item>
      {/* Every way of closing tells the citizen something; a merged citizen reads it before the master's progress. */}
      <Form.Item noStyle shouldUpdate={(a, b) => a.reason !== b.reason || a.knowledgeEntryIds !== b.knowledgeEntryIds}>
        {({ getFieldValue }) => (
          <Form.Item
            name="publicNote"
            label={<span>{marked('告知市民', 'citizen')} <TemplatePicker form={form} field="publicNote" categoryCode={c.categoryCode} /></span>}
            extra="市民查询办理进度时，会在这一步下读到这段话。"
            rules={(getFieldValue('knowledgeEntryIds') ?? []).length > 0 ? required('依据知识条目答复时，请填写告知市民的答复') : []}
          >
            {longText(10000, CLOSE_NOTE_HINTS[getFieldValue('reason') as Reason] ?? CLOSE_NOTE_HINTS.answered)}
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="note" label={<span>{marked('办结说明', 'internal')} <TemplatePicker form={form} field="note" categoryCode={c.categoryCode} /></span>} rules={required('请填写办结说明')}>
        {longText()}
      </Form.Item>
    </>
  );
}

/** The centre closes a case itself: answered on the spot, not accepted, or merged into another. */
export const closeAction = defineAction({
  verb: 'close',
  id: 'close',
  label: '办结',
  title: '直接办结',
  Fields: CloseFields,
  initial: () => ({ reason: 'answered' as const }),
  body: (v: CloseValues) => ({
    reason: v.reason,
    note: v.note.trim(),
    publicNote: optional(v.publicNote),
    mergedIntoId: v.reason === 'merged' ? v.mergedIntoId : undefined,
    knowledgeEntryIds: v.reason === 'answered' && v.knowledgeEntryIds?.length ? v.knowledgeEntryIds : undefined,
    transferTo: v.reason === 'transferred' ? v.transferTo : undefined,
    counterpartRef: v.reason === 'transferred' ? optional(v.counterpartRef) : undefined,
  }),
  done: '已办结',
});
