import { Descriptions, Form, InputNumber, Radio } from 'antd';
import { formatTime } from '../../shared/time';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, optional, PublicNoteField } from './fields';

interface DecisionValues {
  approve: boolean;
  workingDays?: number;
  note?: string;
  publicNote?: string;
}

function ExtensionDecisionFields({ c, form }: FieldsProps) {
  const request = c.pendingExtension;
  const approve = Form.useWatch('approve', form) as boolean | undefined;
  const days = Form.useWatch('workingDays', form) as number | null | undefined;
  // The server's own count of working days (holidays, 调休) for each number of days that may be granted.
  const resulting = approve && request && days ? request.replyDeadlines[days - 1] : undefined;
  return (
    <>
      {request && (
        <Descriptions size="small" column={1} bordered className="form-alert">
          <Descriptions.Item label="申请天数">{request.workingDays} 个工作日</Descriptions.Item>
          <Descriptions.Item label="申请理由">{request.reason}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatTime(request.requestedAt)}</Descriptions.Item>
          <Descriptions.Item label="当前答复时限">{formatTime(c.replyDeadline)}</Descriptions.Item>
          <Descriptions.Item label="批准后答复时限">
            <span data-testid="extension-new-deadline" className={resulting ? 'new-deadline' : undefined}>
              {approve === false ? '不批准：时限不变' : resulting ? `${formatTime(resulting)}（顺延 ${days} 个工作日）` : '—'}
            </span>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Form.Item name="approve" label="审批意见" rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={[{ value: true, label: '批准' }, { value: false, label: '不批准' }]} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.approve !== b.approve}>
        {({ getFieldValue }) =>
          getFieldValue('approve') && (
            <Form.Item name="workingDays" label="批准天数（可少于申请）" rules={[{ required: true, message: '请填写批准天数' }]}>
              <InputNumber min={1} max={request?.workingDays ?? 60} precision={0} style={{ width: 160 }} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="note" label={marked('审批说明', 'internal')}>
        {longText()}
      </Form.Item>
      {/* A refusal stays internal (the citizen's timeline does not show it): only an approval has a word for them. */}
      <Form.Item noStyle shouldUpdate={(a, b) => a.approve !== b.approve}>
        {({ getFieldValue }) => getFieldValue('approve') && <PublicNoteField placeholder="可不填。如：因需多部门联合核查，答复时间将适当延后，请您谅解。" />}
      </Form.Item>
    </>
  );
}

/** A supervisor approves (perhaps fewer days) or refuses a pending extension request. */
export const extensionDecisionAction = defineAction({
  verb: 'extension/decision',
  id: 'decideExtension',
  label: '审批延期',
  title: '审批延期申请',
  Fields: ExtensionDecisionFields,
  initial: (c) => ({ approve: true, workingDays: c.pendingExtension?.workingDays }),
  body: (v: DecisionValues) => ({
    approve: Boolean(v.approve),
    workingDays: v.approve ? Number(v.workingDays) : undefined,
    note: optional(v.note),
    publicNote: v.approve ? optional(v.publicNote) : undefined,
  }),
  done: '已审批',
});
