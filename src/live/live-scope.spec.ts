import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/roles';
import { DepartmentTree } from '../departments/department-tree';
import {
  audienceOf,
  type CommittedEvent,
  type DepartmentDirectory,
  type LivePrincipal,
  reaches,
  roomOf,
  toCaseEventMessage,
} from './live-scope';

// city bureau `bureau`; district `district` with street units `streetA`, `streetB`; `other` elsewhere.
const directory: DepartmentDirectory = new DepartmentTree(
  [
    { id: 'bureau', code: 'rsj', name: '市人社局', parentId: null },
    { id: 'district', code: 'qcq', name: '清城区', parentId: null },
    { id: 'streetA', code: 'qcq.fcjd', name: '凤城街道', parentId: 'district' },
    { id: 'streetB', code: 'qcq.dljd', name: '东林街道', parentId: 'district' },
    { id: 'other', code: 'jtj', name: '市交通局', parentId: null },
  ].map((d) => ({ ...d, active: true })),
);

const event = (overrides: Partial<CommittedEvent> = {}): CommittedEvent => ({
  seq: 42,
  type: 'case.dispatched',
  caseId: 'case-1',
  trackingCode: 'K7RM4XQ2PA',
  at: new Date('2025-12-01T02:00:00Z'),
  toStatus: 'dispatched',
  fromOwnerDepartmentId: null,
  toOwnerDepartmentId: 'streetA',
  public: true,
  coDepartmentIds: [],
  ...overrides,
});

const staff = (role: Role, departmentId: string | null = null): LivePrincipal => ({
  kind: 'staff',
  user: { id: 'u', username: 'u', displayName: 'u', role, departmentId } as AuthUser,
  expiresAt: new Date(),
  tokenVersion: 1,
});
const citizen = (caseId = 'case-1'): LivePrincipal => ({ kind: 'citizen', caseId });

describe('live scope: who receives an event, decided per event', () => {
  it('puts each principal in one room', () => {
    expect(roomOf(staff('supervisor'))).toBe('centre');
    expect(roomOf(staff('operator'))).toBe('centre');
    expect(roomOf(staff('admin'))).toBe('centre');
    expect(roomOf(staff('handler', 'streetA'))).toBe('dept:streetA');
    expect(roomOf(citizen('c9'))).toBe('case:c9');
  });

  it.each<[string, Partial<CommittedEvent>, LivePrincipal, boolean]>([
    ['the centre gets everything', { public: false, type: 'case.noted' }, staff('supervisor'), true],
    ['the new owner', {}, staff('handler', 'streetA'), true],
    ["the new owner's parent (分级负责)", {}, staff('dept_lead', 'district'), true],
    ["a sibling unit does not", {}, staff('handler', 'streetB'), false],
    ['an unrelated department does not', {}, staff('handler', 'other'), false],
    ['the department a case moves away from', { fromOwnerDepartmentId: 'other', toOwnerDepartmentId: null }, staff('handler', 'other'), true],
    ['a co-handling department', { coDepartmentIds: ['bureau'] }, staff('handler', 'bureau'), true],
    ["the co-handler's parent", { coDepartmentIds: ['streetB'] }, staff('handler', 'district'), true],
    ['no department for an event at the centre', { toOwnerDepartmentId: null, type: 'case.created' }, staff('handler', 'streetA'), false],
    ['the citizen of the case, for a public event', {}, citizen(), true],
    ['not another case’s citizen', {}, citizen('case-2'), false],
    ['not the citizen, for an internal event', { public: false, type: 'case.returned' }, citizen(), false],
    ['never the citizen, for a note, even one marked public', { public: true, type: 'case.noted' }, citizen(), false],
  ])('%s', (_name, overrides, principal, expected) => {
    expect(reaches(event(overrides), directory, principal)).toBe(expected);
    // Delivery by room and the replay's row-by-row check are the same rule read both ways.
    expect(audienceOf(event(overrides), directory).includes(roomOf(principal))).toBe(expected);
  });

  it('lists each room once', () => {
    const rooms = audienceOf(event({ fromOwnerDepartmentId: 'streetB', coDepartmentIds: ['streetA'] }), directory);
    expect(rooms.sort()).toEqual(['case:case-1', 'centre', 'dept:district', 'dept:streetA', 'dept:streetB']);
  });

  it('renders the contract’s message: the status and owner the event left the case with', () => {
    expect(toCaseEventMessage(event(), directory)).toEqual({
      seq: 42,
      type: 'case.dispatched',
      caseId: 'case-1',
      trackingCode: 'K7RM4XQ2PA',
      status: 'dispatched',
      owner: { type: 'department', departmentId: 'streetA', code: 'qcq.fcjd', name: '凤城街道' },
      at: '2025-12-01T02:00:00.000Z',
    });
    expect(toCaseEventMessage(event({ toOwnerDepartmentId: null }), directory).owner).toEqual({ type: 'centre' });
  });
});
