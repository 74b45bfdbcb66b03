import { Alert, Form } from 'antd';
import type { User } from '../../shared/types';
import { useUser } from '../auth';
import { DepartmentPicker } from '../components/pickers';
import { useReference } from '../reference';
import { defineAction, type ActionEntry, type FieldsProps } from './action';
import { longText, marked, optional, PublicNoteField } from './fields';

export interface DispatchValues {
  departmentId: string;
  coDepartmentIds?: string[];
  note?: string;
  publicNote?: string;
}

/** What the routing rules suggest for a case's category and region, or that they suggest nothing. */
export function SuggestionAlert({ suggested }: { suggested: { name: string } | null | undefined }) {
  return suggested ? (
    <Alert type="info" showIcon className="form-alert" title={`路由建议：${suggested.name}`} description="按事项分类与属地规则推荐，可改派其他单位。" />
  ) : (
    <Alert type="warning" showIcon className="form-alert" title="没有匹配的路由规则，请人工选择承办单位" />
  );
}

/** The centre's dispatch: any department, co-handlers, with the routing rules' suggestion first. */
function DispatchFields({ c }: FieldsProps) {
  return (
    <>
      <SuggestionAlert suggested={c.suggestedDepartment} />
      <CentreDispatchFields />
    </>
  );
}

/** Whom the centre dispatches to, who co-handles, and its words to them and to the citizen. */
export function CentreDispatchFields() {
  return (
    <>
      <Form.Item name="departmentId" label="主办单位" rules={[{ required: true, message: '请选择主办单位' }]}>
        <DepartmentPicker />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.departmentId !== b.departmentId}>
        {({ getFieldValue }) => (
          <Form.Item name="coDepartmentIds" label="协办单位">
            <DepartmentPicker multiple treeCheckable={false} exclude={[getFieldValue('departmentId') as string]} placeholder="可选，协办单位只提供意见" />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="note" label={marked('派单意见', 'internal')}>
        {longText(10000, '给承办单位的意见，仅工作人员可见')}
      </Form.Item>
      <PublicNoteField />
    </>
  );
}

/** A dept_lead's sub-dispatch: one of its own department's child units (from the reference data). */
function SubDispatchFields() {
  const user = useUser();
  const ref = useReference();
  const childUnits = (user.departmentId && ref?.departmentById.get(user.departmentId)?.children) || [];
  return (
    <>
      <Alert type="info" showIcon className="form-alert" title="下派后由下级单位签收办理，本单位仍可查看并对结果负责（分级负责）。" />
      <Form.Item name="departmentId" label="下级单位" rules={[{ required: true, message: '请选择下级单位' }]}>
        <DepartmentPicker roots={childUnits} />
      </Form.Item>
      {/* No word to the citizen here: the server does not show a sub-dispatch's publicNote to them (yet). */}
      <Form.Item name="note" label={marked('下派意见', 'internal')}>
        {longText()}
      </Form.Item>
    </>
  );
}

/** The body of a centre dispatch, from its form. */
export const dispatchBody = (v: DispatchValues) => ({
  departmentId: v.departmentId,
  coDepartmentIds: v.coDepartmentIds?.length ? v.coDepartmentIds : undefined,
  note: optional(v.note),
  publicNote: optional(v.publicNote),
});

const centreDispatch = defineAction({
  verb: 'dispatch',
  id: 'dispatch',
  label: '派单',
  title: '派单',
  Fields: DispatchFields,
  initial: (c) => ({ departmentId: c.suggestedDepartment?.departmentId, coDepartmentIds: [] }),
  body: dispatchBody,
  done: '已派单',
});

const subDispatch = defineAction({
  verb: 'dispatch',
  id: 'subDispatch',
  label: '下派',
  title: '下派至下级单位',
  Fields: SubDispatchFields,
  body: (v: DispatchValues) => ({ departmentId: v.departmentId, note: optional(v.note) }),
  done: '已下派',
});

/**
 * `dispatch` is the centre's dispatch, or a dept_lead passing its case down to a child unit: the same
 * verb, and the server says when either is allowed; the form depends on who dispatches.
 */
export const dispatchAction: ActionEntry<'dispatch'> = (user: User) => (user.role === 'dept_lead' ? subDispatch : centreDispatch);
