import { advance, type RelayPosition } from './relay-position';

const at = (lastSeq: number, gap: RelayPosition['gap'] = null): RelayPosition => ({ lastSeq, gap });

describe('advance: the relay publishes in seq order and never steps over an event that may still commit', () => {
  it.each([
    ['nothing new', at(10), [], 100n, [], at(10)],
    ['a contiguous run', at(10), [11, 12, 13], 100n, [11, 12, 13], at(13)],
    ['rows it already published are ignored', at(10), [9, 10, 11], 100n, [11], at(11)],
    ['stops at a hole and remembers it, with no horizon yet', at(10), [11, 13, 14], 100n, [11], at(11, { upTo: 14, horizon: null })],
    ['a hole right away publishes nothing', at(10), [12], 100n, [], at(10, { upTo: 12, horizon: null })],
  ])('%s', (_name, position, seqs, xmin, publish, next) => {
    expect(advance(position, seqs, xmin)).toEqual({ publish, position: next });
  });

  it('keeps waiting while a transaction older than the horizon may still fill the hole', () => {
    const waiting = at(11, { upTo: 14, horizon: 500n });
    expect(advance(waiting, [13, 14, 15], 499n)).toEqual({ publish: [], position: waiting });
  });

  it('publishes the late event when its transaction commits (the hole fills), in order', () => {
    const waiting = at(11, { upTo: 14, horizon: 500n });
    expect(advance(waiting, [12, 13, 14, 15], 499n)).toEqual({ publish: [12, 13, 14, 15], position: at(15) });
  });

  it('keeps the hole (and its horizon) while part of it is still missing', () => {
    const waiting = at(10, { upTo: 15, horizon: 500n });
    expect(advance(waiting, [11, 13, 15], 499n)).toEqual({ publish: [11], position: at(11, { upTo: 15, horizon: 500n }) });
  });

  it('steps over seqs that were rolled back once every transaction older than the horizon has ended', () => {
    const waiting = at(11, { upTo: 14, horizon: 500n });
    expect(advance(waiting, [13, 14, 15], 500n)).toEqual({ publish: [13, 14, 15], position: at(15) });
    expect(advance(waiting, [13, 14, 15], 731n)).toEqual({ publish: [13, 14, 15], position: at(15) });
  });

  it('does not step over a new hole above the settled one: it may belong to a younger transaction', () => {
    const waiting = at(11, { upTo: 14, horizon: 500n });
    expect(advance(waiting, [13, 14, 16, 17], 600n)).toEqual({ publish: [13, 14], position: at(14, { upTo: 17, horizon: null }) });
  });

  it('never steps over a hole before it has a horizon, however old the snapshot', () => {
    const unsettled = at(11, { upTo: 14, horizon: null });
    expect(advance(unsettled, [13, 14], 10n ** 12n)).toEqual({ publish: [], position: unsettled });
  });

  it('forgets the hole once it has published past it', () => {
    expect(advance(at(10, { upTo: 12, horizon: null }), [11, 12], 1n)).toEqual({ publish: [11, 12], position: at(12) });
  });
});
