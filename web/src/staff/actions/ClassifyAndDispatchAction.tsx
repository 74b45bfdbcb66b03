import { Alert, Form } from 'antd';
import { useEffect, useState } from 'react';
import type { Case, Suggestion } from '../../shared/types';
import { api } from '../api';
import { CatalogPicker } from '../components/pickers';
import { catalogTrail } from '../reference';
import { defineAction, type FieldsProps } from './action';
import { CentreDispatchFields, dispatchBody, SuggestionAlert, type DispatchValues } from './DispatchAction';

interface ClassifyAndDispatchValues extends DispatchValues {
  /** Cascader paths: the code is the last. */
  category: string[];
  region: string[];
}

const unclassified = (c: Case) => c.categoryCode === null || c.regionCode === null;

/** The category and region the case lacks, then the dispatch itself with the rules' suggestion for them. */
function ClassifyAndDispatchFields({ form }: FieldsProps) {
  const category = (Form.useWatch('category', form) as string[] | undefined)?.at(-1);
  const region = (Form.useWatch('region', form) as string[] | undefined)?.at(-1);
  const [suggestion, setSuggestion] = useState<Suggestion | null | undefined>(undefined);
  useEffect(() => {
    if (!category || !region) return setSuggestion(undefined);
    let live = true;
    api.suggest(category, region).then(
      (s) => {
        if (!live) return;
        setSuggestion(s ?? null);
        // The rules' department, unless the operator already chose one.
        if (s && !form.getFieldValue('departmentId')) form.setFieldValue('departmentId', s.departmentId);
      },
      () => live && setSuggestion(undefined),
    );
    return () => {
      live = false;
    };
  }, [category, region, form]);

  return (
    <>
      <Alert type="info" showIcon className="form-alert" title="这件工单还没有事项分类或所属区划：先补全，再派单" description="提交时先保存分类与区划，再按新的分类派单。" />
      <Form.Item name="category" label="事项分类" rules={[{ required: true, message: '请选择事项分类' }]}>
        <CatalogPicker kind="categories" />
      </Form.Item>
      <Form.Item name="region" label="所属区划" rules={[{ required: true, message: '请选择所属区划' }]}>
        <CatalogPicker kind="regions" />
      </Form.Item>
      {suggestion !== undefined && <SuggestionAlert suggested={suggestion} />}
      <CentreDispatchFields />
    </>
  );
}

/**
 * 分类并派单: a letter without a category or region cannot be dispatched (409 CLASSIFY_FIRST), so on such
 * a case the centre's dispatch asks for them in the same dialog. It is the `update` the server offers
 * (the PATCH goes first); the dispatch follows only when the server then lists `dispatch` for the case.
 */
export const classifyAndDispatchAction = defineAction({
  verb: 'update',
  step: 'dispatch',
  when: unclassified,
  id: 'classifyDispatch',
  label: '分类并派单',
  title: '补全分类并派单',
  Fields: ClassifyAndDispatchFields,
  initial: (c, ref) => ({
    category: c.categoryCode && ref ? catalogTrail(ref.categoryByCode, c.categoryCode) : undefined,
    region: c.regionCode && ref ? catalogTrail(ref.regionByCode, c.regionCode) : undefined,
    coDepartmentIds: [],
  }),
  body: (v: ClassifyAndDispatchValues) => ({ categoryCode: v.category.at(-1), regionCode: v.region.at(-1) }),
  async send(v: ClassifyAndDispatchValues, c) {
    const classified = await api.act(c.id, 'update', { categoryCode: v.category.at(-1), regionCode: v.region.at(-1), version: c.version });
    if (!classified.allowedActions.includes('dispatch')) return classified;
    return api.act(c.id, 'dispatch', { ...dispatchBody(v), version: classified.version });
  },
  done: (c) => (c.status === 'dispatched' ? '已补全分类并派单' : '已保存分类与区划；这件工单现在还不能派单'),
});
