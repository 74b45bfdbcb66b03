/**
 * Open311 GeoReport v2's two formats. JSON is the XML mapped by the Spark convention: an element holding
 * a list of like elements is an array. XML: UTF-8, a declaration, no namespace, `null` as an empty element.
 */
export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element of each item of a list, by the list's element (the spec's own names). */
const ITEM_ELEMENTS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

/** `services.json` → {name: 'services', format: 'json'}; null when the extension is not one of the two. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  return match ? { name: match[1], format: match[2] as Open311Format } : null;
}

/** The format a request asked for by its path (JSON when it named neither), for errors too. */
export function formatOf(path: string): Open311Format {
  return /\.xml(\?|$)/.test(path) ? 'xml' : 'json';
}

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 cannot carry at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

function element(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_ELEMENTS[name] ?? 'item';
    if (value.length === 0) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `${indent}<${name}>\n${entries.map(([k, v]) => element(k, v, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The document for `root` (`services`, `service_requests`, `errors`, `discovery`, `service_definition`) in a format. */
export function render(format: Open311Format, root: string, body: unknown): string {
  if (format === 'json') return JSON.stringify(body);
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, body, '')}\n`;
}
