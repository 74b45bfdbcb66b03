import type { Namespace, Socket } from 'socket.io';
import type { DataSource } from 'typeorm';
import { LiveAccessWatcher } from './live-access.watcher';
import type { LiveEventsRepository } from './live-events.repository';
import type { LivePrincipal } from './live-scope';

const staffSocket = (userId: string) => {
  const principal: LivePrincipal = {
    kind: 'staff',
    user: { id: userId, username: userId, displayName: userId, role: 'handler', departmentId: 'd1' },
    expiresAt: new Date(Date.now() + 3_600_000),
    tokenVersion: 1,
  };
  return { data: { principal }, disconnect: jest.fn() } as unknown as Socket & { disconnect: jest.Mock };
};

describe('LiveAccessWatcher', () => {
  it('closes the sockets of the user whose access changed, and only theirs', () => {
    const watcher = new LiveAccessWatcher({ options: {} } as DataSource, {} as LiveEventsRepository);
    const [a1, a2, b] = [staffSocket('a'), staffSocket('a'), staffSocket('b')];
    const citizen = { data: { principal: { kind: 'citizen', caseId: 'c1' } }, disconnect: jest.fn() };
    watcher.attach({ sockets: new Map<string, unknown>([['1', a1], ['2', a2], ['3', b], ['4', citizen]]) } as unknown as Namespace);

    watcher.accessChanged('a');
    expect(a1.disconnect).toHaveBeenCalledWith(true);
    expect(a2.disconnect).toHaveBeenCalledWith(true);
    expect(b.disconnect).not.toHaveBeenCalled();
    expect(citizen.disconnect).not.toHaveBeenCalled();
  });

  it('tells a handshake begun before the change that it is out of date, and one begun after that it is not', () => {
    const watcher = new LiveAccessWatcher({ options: {} } as DataSource, {} as LiveEventsRepository);
    const before = Date.now();
    watcher.accessChanged('a');
    const after = Date.now() + 1;
    expect(watcher.changedSince('a', before)).toBe(true);
    expect(watcher.changedSince('a', after)).toBe(false);
    expect(watcher.changedSince('b', before)).toBe(false);
  });
});
