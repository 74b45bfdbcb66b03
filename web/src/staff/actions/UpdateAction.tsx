import { Col, Form, Input, Row } from 'antd';
import { KIND_LABELS, PRIORITY_LABELS } from '../../shared/labels';
import type { Kind, Priority } from '../../shared/types';
import { TITLE_TIP } from '../components/Audience';
import { CatalogPicker, QuickSelect } from '../components/pickers';
import { catalogTrail } from '../reference';
import { defineAction } from './action';
import { marked, optional, required } from './fields';

interface UpdateValues {
  kind: Kind;
  priority: Priority;
  /** Cascader paths: the code is the last. */
  category: string[];
  region: string[];
  title: string;
  address?: string;
}

function UpdateFields() {
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="kind" label="诉求类型">
            <QuickSelect options={(Object.entries(KIND_LABELS) as [Kind, string][]).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="priority" label="缓急程度">
            <QuickSelect options={(Object.entries(PRIORITY_LABELS) as [Priority, string][]).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="category" label="事项分类" rules={[{ required: true, message: '请选择事项分类' }]}>
        <CatalogPicker kind="categories" />
      </Form.Item>
      <Form.Item name="region" label="所属区划" rules={[{ required: true, message: '请选择区划' }]}>
        <CatalogPicker kind="regions" />
      </Form.Item>
      <Form.Item name="title" label={marked('标题', 'citizen', TITLE_TIP)} rules={required('请填写标题')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="address" label="地址">
        <Input maxLength={500} />
      </Form.Item>
    </>
  );
}

/** The centre corrects a case's classification and wording (the PATCH): classifying a letter, say. */
export const updateAction = defineAction({
  verb: 'update',
  id: 'reclassify',
  label: '更正分类',
  title: '更正分类与内容',
  Fields: UpdateFields,
  initial: (c, ref) => ({
    kind: c.kind,
    priority: c.priority,
    category: c.categoryCode && ref ? catalogTrail(ref.categoryByCode, c.categoryCode) : undefined,
    region: c.regionCode && ref ? catalogTrail(ref.regionByCode, c.regionCode) : undefined,
    title: c.title,
    address: c.address ?? '',
  }),
  body: (v: UpdateValues) => ({
    kind: v.kind,
    priority: v.priority,
    categoryCode: v.category.at(-1),
    regionCode: v.region.at(-1),
    title: v.title.trim(),
    address: optional(v.address),
  }),
  done: '已更正',
});
