/**
 * The operator's intake form, built for typing while on the phone: sensible defaults, searchable
 * category and region pickers, Tab through the fields, Ctrl+Enter to send. The routing suggestion shows
 * as soon as category and region are known; after sending, the tracking and query codes to read out.
 */
import { CheckCircleFilled, CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Row, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { copyText } from '../../shared/clipboard';
import { describeError } from '../../shared/http';
import { KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '../../shared/labels';
import type { Case, CreatedCase, Kind, NewCase, Priority, SimilarCase, Suggestion } from '../../shared/types';
import { newUuid } from '../../shared/uuid';
import { api } from '../api';
import { CaseActionBar, inDialog } from '../actions/ActionBar';
import { audienceLabel, TITLE_TIP } from '../components/Audience';
import { CatalogPicker, QuickSelect } from '../components/pickers';
import { impliedKind, useReference } from '../reference';
import { CallerPanel } from '../components/desk/CallerPanel';
import { CaseDrawer } from '../components/desk/CaseDrawer';
import { KnowledgePanel } from '../components/desk/KnowledgePanel';
import { SimilarPanel } from '../components/desk/SimilarPanel';

interface IntakeValues {
  channel: 'hotline' | 'mailbox';
  kind: NewCase['kind'];
  priority: NewCase['priority'];
  category?: string[];
  region?: string[];
  name?: string;
  phone?: string;
  confidential: boolean;
  notify: boolean;
  title: string;
  content: string;
  address?: string;
  /** "lat, lng" in WGS-84 degrees, as a phone or a map app shows it. */
  location?: string;
  publicConsent: boolean;
}

/** What becomes of the call at once: merged into an open case (并单) or answered on the spot (直办). */
type Outcome = Pick<NewCase, 'mergeIntoId' | 'answeredOnTheSpot'>;

const LOCATION = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,，\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;
/** The point typed as "纬度, 经度", or undefined. */
function parseLocation(text?: string): { lat: number; lng: number } | undefined {
  const m = text ? LOCATION.exec(text) : null;
  return m ? { lat: Number(m[1]), lng: Number(m[2]) } : undefined;
}

const KIND_OPTIONS = (Object.entries(KIND_LABELS) as [Kind, string][]).map(([value, label]) => ({ value, label }));
const PRIORITY_OPTIONS = (Object.entries(PRIORITY_LABELS) as [Priority, string][]).map(([value, label]) => ({ value, label }));

const DEFAULTS: Partial<IntakeValues> = { channel: 'hotline', kind: 'complaint', priority: 'normal', confidential: false, notify: true, publicConsent: false };
const last = (codes?: string[]) => codes?.[codes.length - 1];

export default function IntakePage() {
  const { message } = App.useApp();
  const ref = useReference();
  const [form] = Form.useForm<IntakeValues>();
  // Whether the operator chose the kind: until then it follows the category (政策咨询 → 咨询).
  const kindChosen = useRef(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedCase | null>(null);
  const [suggestion, setSuggestion] = useState<Suggestion | null | undefined>(undefined);
  // One key per submission: a retry of the same form after a failure reuses it (the server then answers
  // with the case it already made); any change to the form makes a new one.
  const idempotencyKey = useRef(newUuid());
  const firstField = useRef<HTMLDivElement>(null);

  const category = last(Form.useWatch('category', form));
  const region = last(Form.useWatch('region', form));
  const phone = Form.useWatch('phone', form);
  const title = Form.useWatch('title', form) ?? '';
  const content = Form.useWatch('content', form) ?? '';
  const [opened, setOpened] = useState<string | null>(null);
  // The outcome the current key was used with: another outcome is another request, so another key.
  const keyOutcome = useRef('');
  const hasLocation = parseLocation(Form.useWatch('location', form)) !== undefined;
  const implied = impliedKind(ref?.categoryByCode, category);
  const kindHint = implied ? `按分类默认为“${KIND_LABELS[implied]}”，可改` : '按数字键直接选，或输入开头的字';

  const onValuesChange = (changed: Partial<IntakeValues>) => {
    idempotencyKey.current = newUuid();
    if ('kind' in changed) kindChosen.current = true;
    if ('category' in changed && !kindChosen.current) {
      form.setFieldValue('kind', impliedKind(ref?.categoryByCode, last(changed.category)) ?? DEFAULTS.kind);
    }
  };
  useEffect(() => {
    if (!category || !region) {
      setSuggestion(undefined);
      return;
    }
    let live = true;
    api.suggest(category, region).then(
      (s) => live && setSuggestion(s ?? null),
      () => live && setSuggestion(undefined),
    );
    return () => {
      live = false;
    };
  }, [category, region]);

  const submit = async (v: IntakeValues, outcome: Outcome = {}) => {
    setSending(true);
    setError(null);
    const outcomeKey = JSON.stringify(outcome);
    if (outcomeKey !== keyOutcome.current) {
      idempotencyKey.current = newUuid();
      keyOutcome.current = outcomeKey;
    }
    try {
      const body: NewCase = {
        channel: v.channel,
        kind: v.kind,
        priority: v.priority,
        categoryCode: last(v.category)!,
        regionCode: last(v.region),
        location: parseLocation(v.location),
        address: v.address?.trim() || undefined,
        title: v.title.trim(),
        content: v.content.trim(),
        citizen: { name: v.name?.trim() || undefined, phone: v.phone?.trim() || undefined, confidential: v.confidential, notify: v.notify },
        publicConsent: v.publicConsent,
        ...outcome,
      };
      setCreated(await api.createCase(body, idempotencyKey.current));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSending(false);
    }
  };

  /** Sends the form as it stands with an outcome, once it is valid. */
  const submitWith = (outcome: Outcome) =>
    form.validateFields().then(
      (v) => submit(v, outcome),
      () => message.warning('请先填写完整的受理信息（分类、区划、标题、内容）'),
    );
  const merge = (target: SimilarCase) => submitWith({ mergeIntoId: target.id });
  const answer = (knowledgeEntryIds: string[], text: string) => submitWith({ answeredOnTheSpot: { knowledgeEntryIds, answer: text } });

  const next = () => {
    form.resetFields();
    kindChosen.current = false;
    idempotencyKey.current = newUuid();
    setCreated(null);
    setError(null);
    setSuggestion(undefined);
    setTimeout(() => firstField.current?.querySelector('input')?.focus());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !created) {
      e.preventDefault();
      form.submit();
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>电话受理</h1>
        <span className="page-sub">边听边录：Tab 切换字段，Ctrl + Enter 提交</span>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: created ? 2 : 1 }} xl={{ span: 15, order: 1 }}>
          <Card className="intake-card" onKeyDown={onKeyDown}>
            <Form<IntakeValues>
              form={form}
              layout="vertical"
              initialValues={DEFAULTS}
              onFinish={submit}
              onValuesChange={onValuesChange}
              disabled={created !== null}
              requiredMark
              className="intake-form"
            >
              <Row gutter={16}>
                {/* In the order a call is taken and Tab moves: who, what about, where, what kind, how urgent, then the words. */}
                <Col xs={12} md={8}>
                  <Form.Item name="name" label="来电人">
                    <Input maxLength={100} placeholder="如 张先生" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item
                    name="phone"
                    label="联系电话"
                    rules={[{ pattern: /^[\d\s()+-]{7,20}$/, message: '请输入手机号或带区号的座机号' }]}
                  >
                    <Input inputMode="tel" placeholder="回访用" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name="confidential" label="保密" tooltip="保密工单不向承办单位显示来电人姓名和电话" valuePropName="checked">
                    <Switch checkedChildren="保密" unCheckedChildren="不保密" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name="notify" label="短信通知" tooltip="受理、派单、答复等环节以短信告知来电人（保密工单只发受理编号和查询码）；来电人不愿接收时关闭" valuePropName="checked">
                    <Switch checkedChildren="发送" unCheckedChildren="不发送" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <div ref={firstField}>
                    <Form.Item name="category" label="事项分类" rules={[{ required: true, message: '请选择事项分类' }]} extra="输入关键字，Enter 选第一项">
                      <CatalogPicker kind="categories" autoFocus />
                    </Form.Item>
                  </div>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="region"
                    label="所属区划"
                    tooltip="填写了事发位置时可不选：按位置自动归入所在区县"
                    rules={[{ required: !hasLocation, message: '请选择区划，或填写事发位置' }]}
                  >
                    <CatalogPicker kind="regions" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="kind" label="诉求类型" extra={kindHint}>
                    <QuickSelect options={KIND_OPTIONS} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="priority" label="缓急程度" extra="按数字键直接选">
                    <QuickSelect options={PRIORITY_OPTIONS} />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="title" label={audienceLabel('标题', 'citizen', TITLE_TIP)} rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
                    <Input maxLength={200} showCount placeholder="一句话概括诉求，如：小区停水三天无人处理" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }]}>
                    <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={10000} showCount placeholder="时间、地点、经过与市民的具体诉求" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="channel" label="来源渠道">
                    <Radio.Group optionType="button" options={[{ value: 'hotline', label: '热线电话' }, { value: 'mailbox', label: '市长信箱' }]} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="address" label="事发地址">
                    <Input maxLength={500} placeholder="街道、小区、门牌号" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item
                    name="location"
                    label="事发位置（纬度, 经度）"
                    tooltip="手机定位的 WGS-84 坐标，如 23.6906, 113.0474；未选区划时按位置归入所在区县，清远市外的位置不予受理"
                    rules={[{ pattern: LOCATION, message: '请按“纬度, 经度”填写，如 23.6906, 113.0474' }]}
                  >
                    <Input placeholder="选填，如 23.6906, 113.0474" inputMode="decimal" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="publicConsent" valuePropName="checked">
                    <Checkbox>市民同意公开诉求标题（不含个人信息）</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              {error && <Alert type="error" showIcon title={error} description="内容未变时可直接重试，不会重复建单。" className="form-alert" />}
              <Space>
                <Button type="primary" htmlType="submit" loading={sending} size="large">
                  提交受理
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    kindChosen.current = false;
                  }}
                  size="large"
                >
                  清空
                </Button>
              </Space>
            </Form>
          </Card>
        </Col>
        {/* On a narrow screen the codes to read out come first, above the (now locked) form. */}
        <Col xs={{ span: 24, order: created ? 1 : 2 }} xl={{ span: 9, order: 2 }}>
          {created ? (
            <Created c={created} onNext={next} onDispatched={(c) => setCreated({ ...created, ...c })} message={message} />
          ) : (
            <div className="desk-panels">
              <CallerPanel phone={phone} onOpen={setOpened} />
              <SimilarPanel categoryCode={category} regionCode={region} text={`${title} ${content}`} onOpen={setOpened} onMerge={merge} busy={sending} />
              <KnowledgePanel text={`${title} ${content}`} onAnswer={answer} busy={sending} />
              <SuggestionCard suggestion={suggestion} />
            </div>
          )}
        </Col>
      </Row>
      <CaseDrawer caseId={opened} onClose={() => setOpened(null)} />
    </div>
  );
}

function SuggestionCard({ suggestion }: { suggestion: Suggestion | null | undefined }) {
  return (
    <Card title="承办单位建议" className="side-card">
      {suggestion === undefined && <Typography.Text type="secondary">选择事项分类和区划后，这里显示路由规则推荐的承办单位。</Typography.Text>}
      {suggestion === null && <Alert type="warning" showIcon title="没有匹配的路由规则" description="提交后工单留在 12345 中心，由话务员在派单队列中选择承办单位。" />}
      {suggestion && (
        <Alert
          type={suggestion.autoDispatch ? 'success' : 'info'}
          showIcon
          title={<span className="suggested-department">{suggestion.name}</span>}
          description={suggestion.autoDispatch ? '规则设为自动派单：提交后直接派往该单位。' : '提交后可一键派往该单位，也可改派。'}
        />
      )}
    </Card>
  );
}

/** The case's next steps on the success card, one key each: P 派单, B 当场办结, N 受理下一件 (Enter takes the focused first). */
const CARD_KEYS = { dispatch: 'P', classifyDispatch: 'P', close: 'B' };

function Created({ c, onNext, onDispatched, message }: { c: CreatedCase; onNext(): void; onDispatched(c: Case): void; message: ReturnType<typeof App.useApp>['message'] }) {
  const card = useRef<HTMLDivElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const copy = async (label: string, value: string) =>
    (await copyText(value)) ? message.success(`${label}已复制`) : message.error('复制失败，请手动抄录');
  const hasNextStep = c.allowedActions.includes('dispatch') || c.allowedActions.includes('close');
  // Nothing left to do here (dispatched by a rule, merged, answered): the keyboard waits on 受理下一件.
  useEffect(() => {
    if (!hasNextStep && !inDialog()) nextButton.current?.focus();
  }, [hasNextStep]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key.toLowerCase() === 'n' && !e.ctrlKey && !e.altKey && !e.metaKey && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      onNext();
    }
  };
  return (
    <div ref={card} onKeyDown={onKeyDown}>
    <Card className="side-card created-card" title={<><CheckCircleFilled className="ok-icon" /> 受理成功</>}>
      <p className="read-out">请向来电人读出：</p>
      <div className="code-row">
        <span className="code-label">受理编号</span>
        <span className="code-value" data-testid="tracking-code">{c.trackingCode}</span>
        <Button size="small" icon={<CopyOutlined />} onClick={() => copy('受理编号', c.trackingCode)} aria-label="复制受理编号" />
      </div>
      <div className="code-row">
        <span className="code-label">查询码</span>
        <span className="code-value" data-testid="query-code">{c.queryCode}</span>
        <Button size="small" icon={<CopyOutlined />} onClick={() => copy('查询码', c.queryCode)} aria-label="复制查询码" />
      </div>
      <Typography.Paragraph type="secondary" className="read-out-hint">
        市民可凭受理编号和查询码（或手机号后四位）在“市长信箱”网页查询办理进度；网上评价答复须用查询码。
      </Typography.Paragraph>
      <Descriptions size="small" column={1} className="created-status">
        <Descriptions.Item label="状态">
          <Tag>{STATUS_LABELS[c.status]}</Tag>
          {c.closeReason === 'merged'
            ? '已并入相同诉求的在办工单，市民可凭本编号查询该工单的办理进度和答复'
            : c.closeReason === 'answered'
              ? '已当场答复并办结，答复内容市民可查询'
              : c.owner.type === 'department'
                ? `已派往 ${c.owner.name}`
                : '在 12345 中心等待派单'}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        <CaseActionBar
          c={c}
          only={['dispatch', 'close']}
          labels={{ close: '当场办结' }}
          hotkeys={CARD_KEYS}
          hotkeyScope={card}
          autoFocus
          onChanged={onDispatched}
          onStale={() => api.getCase(c.id).then(onDispatched)}
        />
        <Link to={`/cases/${c.id}`}>
          <Button>查看工单</Button>
        </Link>
        <Button type="dashed" onClick={onNext} ref={nextButton} aria-keyshortcuts="N">
          受理下一件
          <kbd className="button-key">N</kbd>
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" className="card-keys">
        键盘：
        {[c.allowedActions.includes('dispatch') && 'P 派单', c.allowedActions.includes('close') && 'B 当场办结', 'N 受理下一件'].filter(Boolean).join(' · ')}
        {hasNextStep && '；Enter 执行已选中的按钮'}
      </Typography.Paragraph>
    </Card>
    </div>
  );
}
