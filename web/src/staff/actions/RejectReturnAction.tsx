import { Alert, Descriptions, Form } from 'antd';
import { formatTime } from '../../shared/time';
import { defineAction, type FieldsProps } from './action';
import { longText, required } from './fields';

interface RejectReturnValues {
  note: string;
}

function RejectReturnFields({ c }: FieldsProps) {
  return (
    <>
      {c.lastReturn && (
        <Descriptions size="small" column={1} bordered className="form-alert">
          <Descriptions.Item label="退回单位">{c.lastReturn.department.name}</Descriptions.Item>
          <Descriptions.Item label="退回理由">{c.lastReturn.reason}</Descriptions.Item>
          <Descriptions.Item label="退回时间">{formatTime(c.lastReturn.at)}</Descriptions.Item>
        </Descriptions>
      )}
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title="退回理由不成立时，工单原样退回原承办单位：状态、协办单位、时限不变（审核期间不补时），该单位不得再次退回本件。认可退回请直接重新派单。"
      />
      <Form.Item name="note" label="不予认可的理由（承办单位可见）" rules={required('请填写理由')}>
        {longText()}
      </Form.Item>
    </>
  );
}

/** 派单异议审核: the centre refuses a department's return and sends the case straight back. */
export const rejectReturnAction = defineAction({
  verb: 'reject-return',
  id: 'rejectReturn',
  label: '退单不予认可',
  title: '退单审核：不予认可',
  danger: true,
  Fields: RejectReturnFields,
  body: (v: RejectReturnValues) => ({ note: v.note.trim() }),
  done: '已退回原承办单位',
});
