import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SendSms call as the fake provider saw it. */
export interface SmsCall {
  provider: 'aliyun' | 'tencent';
  phone: string;
  template: string;
  /** Aliyun: TemplateParam (JSON); Tencent: TemplateParamSet. */
  params: Record<string, string> | string[];
  /** OutId (Aliyun) or SessionContext (Tencent): the dedupe key. */
  dedupeKey: string;
  signName: string;
}

/**
 * An SMS provider's API on the loopback, speaking enough of Aliyun's Dysmsapi (RPC style: the call's
 * parameters in the query string) and Tencent Cloud's SMS API (JSON POST, `X-TC-Action: SendSms`) for
 * their own SDKs to talk to it. Like a provider that honours an idempotency key, it delivers a message
 * once per dedupe key and answers a repeat as accepted. `failNext` makes the next calls fail (a 500),
 * `holdAt` leaves the n-th delivery unanswered (the sender waits for an answer that never comes).
 */
export class FakeSmsProvider {
  readonly calls: SmsCall[] = [];
  /** Messages that reached a handset: one per dedupe key. */
  readonly delivered = new Map<string, SmsCall>();
  failNext = 0;
  holdAt: number | null = null;
  onHold?: () => void;
  private server?: Server;
  private held: (() => void)[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req).then(
      (answer) => {
        if (answer === 'hold') {
          this.held.push(() => res.destroy());
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      },
      () => res.writeHead(400).end('{}'),
    ));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const release of this.held) release();
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()) ?? ok());
  }

  private async handle(req: IncomingMessage): Promise<'hold' | { status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const tencent = req.headers['x-tc-action'] === 'SendSms';
    const call = tencent ? this.tencentCall(body) : this.aliyunCall(new URL(req.url ?? '/', 'http://x'), body);
    this.calls.push(call);
    if (this.failNext > 0) {
      this.failNext--;
      return { status: 500, body: tencent ? { Response: { Error: { Code: 'InternalError', Message: 'try later' } } } : { Code: 'isp.SYSTEM_ERROR', Message: 'try later' } };
    }
    const repeat = this.delivered.has(call.dedupeKey);
    if (!repeat) this.delivered.set(call.dedupeKey, call);
    if (!repeat && this.holdAt !== null && this.delivered.size === this.holdAt) {
      this.onHold?.();
      return 'hold';
    }
    const ref = `ref-${this.calls.length}`;
    return tencent
      ? { status: 200, body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success', SerialNo: ref, PhoneNumber: `+86${call.phone}` }], RequestId: ref } } }
      : { status: 200, body: { Code: 'OK', Message: 'OK', BizId: ref, RequestId: ref } };
  }

  private aliyunCall(url: URL, body: string): SmsCall {
    const p = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams(body)) if (!p.has(k)) p.set(k, v);
    return {
      provider: 'aliyun',
      phone: p.get('PhoneNumbers') ?? '',
      template: p.get('TemplateCode') ?? '',
      params: JSON.parse(p.get('TemplateParam') ?? '{}'),
      dedupeKey: p.get('OutId') ?? '',
      signName: p.get('SignName') ?? '',
    };
  }

  private tencentCall(body: string): SmsCall {
    const b = JSON.parse(body) as { PhoneNumberSet: string[]; TemplateId: string; TemplateParamSet: string[]; SessionContext: string; SignName: string };
    return {
      provider: 'tencent',
      phone: (b.PhoneNumberSet[0] ?? '').replace(/^\+86/, ''),
      template: b.TemplateId,
      params: b.TemplateParamSet,
      dedupeKey: b.SessionContext,
      signName: b.SignName,
    };
  }
}
