import { XMLParser } from 'fast-xml-parser';
import { formatOf, render, splitFormat } from './open311-format';

describe('Open311 formats', () => {
  const parse = (xml: string) => new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name) }).parse(xml);

  it.each([
    ['services.json', { name: 'services', format: 'json' }],
    ['environment.noise.xml', { name: 'environment.noise', format: 'xml' }],
    ['SR2026-000123.json', { name: 'SR2026-000123', format: 'json' }],
    ['services', null],
    ['services.html', null],
    ['.json', null],
  ])('%s', (file, expected) => expect(splitFormat(file)).toEqual(expected));

  it('answers errors in the format the path asked for', () => {
    expect(formatOf('/open311/v2/requests.xml')).toBe('xml');
    expect(formatOf('/open311/v2/requests.xml?x=1')).toBe('xml');
    expect(formatOf('/open311/v2/requests.json')).toBe('json');
    expect(formatOf('/open311/v2/requests')).toBe('json');
  });

  it('writes lists with the spec’s item elements, empty elements for null, and escapes text', () => {
    const xml = render('xml', 'service_requests', [{ service_request_id: 'SR2026-000001', status_notes: null, description: '<script>&"' }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    expect(xml).toContain('<status_notes/>');
    expect(parse(xml).service_requests.request[0]).toEqual({ service_request_id: 'SR2026-000001', status_notes: '', description: '<script>&"' });
    const discovery = parse(render('xml', 'discovery', { endpoints: [{ url: 'x', formats: ['text/xml', 'application/json'] }] }));
    expect(discovery.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(render('json', 'errors', [{ code: 403, description: 'x' }])).toBe('[{"code":403,"description":"x"}]');
  });
});
