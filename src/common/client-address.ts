import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/**
 * The client's address behind the proxies TRUST_PROXY names, exactly as Fastify computes `request.ip`
 * (the same package, the same reading of the setting), for what is not a Fastify request: the live
 * socket's handshake.
 */
export function clientAddressResolver(trustProxy: string): (req: IncomingMessage) => string {
  const trust = proxyAddr.compile(trustProxy.split(',').map((it) => it.trim()));
  return (req) => proxyAddr(req, trust);
}
