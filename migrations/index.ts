import { Foundation1764172800000 } from './1764172800000-Foundation';
import { RoutingAndOwnership1764259200000 } from './1764259200000-RoutingAndOwnership';
import { DeadlinesAndSupervision1764345600000 } from './1764345600000-DeadlinesAndSupervision';
import { ClosingTheLoop1764432000000 } from './1764432000000-ClosingTheLoop';
import { LiveTimeline1764518400000 } from './1764518400000-LiveTimeline';
import { FigureIndexes1764604800000 } from './1764604800000-FigureIndexes';
import { ReferenceVersion1764691200000 } from './1764691200000-ReferenceVersion';
import { UserAccessNotify1764777600000 } from './1764777600000-UserAccessNotify';
import { SharedRateLimits1764864000000 } from './1764864000000-SharedRateLimits';
import { ExtensionCounters1764950400000 } from './1764950400000-ExtensionCounters';
import { TokenRevocation1765036800000 } from './1765036800000-TokenRevocation';
import { TimelineChain1765123200000 } from './1765123200000-TimelineChain';
import { FairClocks1765209600000 } from './1765209600000-FairClocks';
import { AdminAudit1765296000000 } from './1765296000000-AdminAudit';
import { OperatorDesk1765382400000 } from './1765382400000-OperatorDesk';
import { ReachingTheCitizen1765900000000 } from './1765900000000-ReachingTheCitizen';
import { CaseLocation1766500000000 } from './1766500000000-CaseLocation';
import { Hotspots1766500100000 } from './1766500100000-Hotspots';
import { Incidents1766500200000 } from './1766500200000-Incidents';
import { CaseStatusCounts1766500300000 } from './1766500300000-CaseStatusCounts';
import { CategoryDefaultKind1766600100000 } from './1766600100000-CategoryDefaultKind';
import { SweepChunks1766600300000 } from './1766600300000-SweepChunks';
import { FigureRollups1766600400000 } from './1766600400000-FigureRollups';
import { OverdueMarks1766600500000 } from './1766600500000-OverdueMarks';
import { PublicRefPastAMillion1766600600000 } from './1766600600000-PublicRefPastAMillion';
import { TransitionJoinsHashed1766600700000 } from './1766600700000-TransitionJoinsHashed';
import { KeysClaimedWithTheCase1766600800000 } from './1766600800000-KeysClaimedWithTheCase';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const migrations = [
  Foundation1764172800000,
  RoutingAndOwnership1764259200000,
  DeadlinesAndSupervision1764345600000,
  ClosingTheLoop1764432000000,
  LiveTimeline1764518400000,
  FigureIndexes1764604800000,
  ReferenceVersion1764691200000,
  UserAccessNotify1764777600000,
  SharedRateLimits1764864000000,
  ExtensionCounters1764950400000,
  TokenRevocation1765036800000,
  TimelineChain1765123200000,
  FairClocks1765209600000,
  AdminAudit1765296000000,
  OperatorDesk1765382400000,
  ReachingTheCitizen1765900000000,
  CaseLocation1766500000000,
  Hotspots1766500100000,
  Incidents1766500200000,
  CaseStatusCounts1766500300000,
  CategoryDefaultKind1766600100000,
  SweepChunks1766600300000,
  FigureRollups1766600400000,
  OverdueMarks1766600500000,
  PublicRefPastAMillion1766600600000,
  TransitionJoinsHashed1766600700000,
  KeysClaimedWithTheCase1766600800000,
];
