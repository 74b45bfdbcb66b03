import { CountingThrottlerStorage } from './counting-throttler-storage';

describe('CountingThrottlerStorage', () => {
  let storage: CountingThrottlerStorage;
  let now: number;
  beforeEach(() => {
    now = Date.parse('2026-11-26T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new CountingThrottlerStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  const hit = (key = 'k', blockDuration = 60_000) => storage.increment(key, 60_000, 3, blockDuration);

  it('lets `limit` requests through in a window and blocks the next, for the block duration', async () => {
    for (let i = 1; i <= 3; i++) expect(await hit()).toEqual(expect.objectContaining({ totalHits: i, isBlocked: false }));
    expect(await hit()).toEqual(expect.objectContaining({ isBlocked: true, timeToBlockExpire: 60 }));
    now += 30_000;
    expect(await hit()).toEqual(expect.objectContaining({ isBlocked: true, timeToBlockExpire: 30 }));
    now += 30_000;
    expect(await hit()).toEqual(expect.objectContaining({ totalHits: 1, isBlocked: false }));
  });

  it('starts a new window when the last one has passed', async () => {
    await hit();
    await hit();
    now += 60_000;
    expect(await hit()).toEqual(expect.objectContaining({ totalHits: 1, timeToExpire: 60 }));
  });

  it('counts every key on its own', async () => {
    for (let i = 0; i < 4; i++) await hit('a');
    expect((await hit('a')).isBlocked).toBe(true);
    expect((await hit('b')).isBlocked).toBe(false);
  });

  it('with a block shorter than the window, starts afresh when the block ends', async () => {
    for (let i = 0; i < 4; i++) await hit('k', 10_000);
    now += 10_000;
    expect(await hit('k', 10_000)).toEqual(expect.objectContaining({ totalHits: 1, isBlocked: false }));
  });
});
