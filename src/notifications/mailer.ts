import { createTransport, type Transporter } from 'nodemailer';
import type { MessageTemplate } from '../config/app-config';
import { renderMail } from './templates';

export interface OutgoingMail {
  to: string;
  template: MessageTemplate;
  params: Record<string, string>;
  dedupeKey: string;
}

/** E-mail through the SMTP server of `SMTP_URL` (nodemailer). */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl);
  }

  /** Resolves with the server's answer. The Message-ID derives from the dedupe key: a repeat is recognisable as one. */
  async send(mail: OutgoingMail): Promise<string> {
    const { subject, text } = renderMail(mail.template, mail.params);
    const info = await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject,
      text,
      messageId: `<${mail.dedupeKey.replace(/[^A-Za-z0-9.:_-]/g, '_')}@hotline-12345>`,
    });
    return String(info.messageId ?? '');
  }

  close(): void {
    this.transport.close();
  }
}
