import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as tencentSms from 'tencentcloud-sdk-nodejs-sms';
import type { MessageTemplate, SmsConfig } from '../config/app-config';
import { PARAMS } from './templates';

/** One text message to one mainland mobile. */
export interface OutgoingSms {
  phone: string;
  template: MessageTemplate;
  params: Record<string, string>;
  /** The same for every attempt at this message: the provider may drop a repeat. */
  dedupeKey: string;
}

/** Thrown for an answer the provider will give again (a wrong template, a refused number): no retry. */
export class PermanentSendError extends Error {}

/** Sends text messages through a provider; resolves with its reference for the message. */
export abstract class SmsProvider {
  abstract send(sms: OutgoingSms): Promise<string>;
}

/** Codes the providers answer for a request that would fail again the same way. */
const ALIYUN_PERMANENT = new Set(['isv.SMS_TEMPLATE_ILLEGAL', 'isv.SMS_SIGNATURE_ILLEGAL', 'isv.MOBILE_NUMBER_ILLEGAL', 'isv.TEMPLATE_MISSING_PARAMETERS', 'isv.INVALID_PARAMETERS', 'isv.BLACK_KEY_CONTROL_LIMIT']);
const TENCENT_PERMANENT = /^(FailedOperation\.(TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|PhoneNumberInBlacklist)|InvalidParameterValue\.)/;

function templateCode(config: SmsConfig, template: MessageTemplate): string {
  const code = config.templates[template];
  if (!code) throw new PermanentSendError(`SMS_TEMPLATES gives no template code for ${template}`);
  return code;
}

function endpointOf(config: SmsConfig): { protocol: string; host: string } | null {
  if (!config.endpoint) return null;
  const url = new URL(config.endpoint);
  return { protocol: url.protocol.replace(':', ''), host: url.host };
}

/** 阿里云短信 (Dysmsapi SendSms), through Aliyun's own SDK; `OutId` carries the dedupe key. */
export class AliyunSms extends SmsProvider {
  private readonly client: Dysmsapi;

  constructor(private readonly config: SmsConfig) {
    super();
    const endpoint = endpointOf(config);
    this.client = new Dysmsapi(
      new $OpenApiUtil.Config({
        accessKeyId: config.accessKeyId,
        accessKeySecret: config.accessKeySecret,
        endpoint: endpoint?.host ?? 'dysmsapi.aliyuncs.com',
        ...(endpoint ? { protocol: endpoint.protocol } : {}),
      }),
    );
  }

  async send(sms: OutgoingSms): Promise<string> {
    const params = Object.fromEntries(PARAMS[sms.template].map((name) => [name, sms.params[name] ?? '']));
    const response = await this.client.sendSms(
      new SendSmsRequest({
        phoneNumbers: sms.phone,
        signName: this.config.signName,
        templateCode: templateCode(this.config, sms.template),
        templateParam: JSON.stringify(params),
        outId: sms.dedupeKey,
      }),
    );
    const body = response.body;
    if (body?.code !== 'OK') {
      const error = `Aliyun SendSms answered ${body?.code ?? 'nothing'}: ${body?.message ?? ''}`;
      throw ALIYUN_PERMANENT.has(body?.code ?? '') ? new PermanentSendError(error) : new Error(error);
    }
    return body.bizId ?? '';
  }
}

/** 腾讯云短信 (SMS SendSms 2021-01-11), through Tencent Cloud's own SDK; `SessionContext` carries the dedupe key. */
export class TencentSms extends SmsProvider {
  private readonly client: InstanceType<typeof tencentSms.sms.v20210111.Client>;

  constructor(private readonly config: SmsConfig) {
    super();
    const endpoint = endpointOf(config);
    this.client = new tencentSms.sms.v20210111.Client({
      credential: { secretId: config.accessKeyId, secretKey: config.accessKeySecret },
      region: config.region,
      profile: { httpProfile: { reqTimeout: 10, ...(endpoint ? { endpoint: endpoint.host, protocol: `${endpoint.protocol}://` } : {}) } },
    });
  }

  async send(sms: OutgoingSms): Promise<string> {
    const response = await this.client.SendSms({
      PhoneNumberSet: [`+86${sms.phone}`],
      SmsSdkAppId: this.config.sdkAppId!,
      SignName: this.config.signName,
      TemplateId: templateCode(this.config, sms.template),
      TemplateParamSet: PARAMS[sms.template].map((name) => sms.params[name] ?? ''),
      SessionContext: sms.dedupeKey,
    });
    const status = response.SendStatusSet?.[0];
    if (status?.Code !== 'Ok') {
      const error = `Tencent Cloud SendSms answered ${status?.Code ?? 'nothing'}: ${status?.Message ?? ''}`;
      throw TENCENT_PERMANENT.test(status?.Code ?? '') ? new PermanentSendError(error) : new Error(error);
    }
    return status.SerialNo ?? '';
  }
}

/** The configured provider, or null for `SMS_DRIVER=outbox` (nothing is sent: messages are held). */
export function smsProviderFor(config: SmsConfig): SmsProvider | null {
  if (config.driver === 'aliyun') return new AliyunSms(config);
  if (config.driver === 'tencent') return new TencentSms(config);
  return null;
}
