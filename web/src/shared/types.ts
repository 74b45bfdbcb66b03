/**
 * Readable names for the API's shapes. Every one is an alias of the types generated from the server's
 * OpenAPI document (./api-schema.ts, `npm run api:types`): nothing here is written by hand, so the
 * console cannot drift from the API without `npm test` (and then `tsc`) saying so.
 */
import type { components, operations, paths } from './api-schema';

type Schemas = components['schemas'];
// ---- staff ----

export type User = Schemas['UserDto'];
export type Role = User['role'];
export type LoginResponse = Schemas['LoginResponseDto'];

export type Case = Schemas['CaseDto'];
export type CaseWithTimeline = Schemas['CaseWithTimelineDto'];
export type CreatedCase = Schemas['CreatedCaseDto'];
export type CaseList = Schemas['CaseListDto'];
export type TimelineEvent = Schemas['TimelineEventDto'];
export type Owner = Schemas['OwnerDto'];
export type DepartmentRef = Schemas['DepartmentRefDto'];
export type Citizen = Schemas['CitizenDto'];
export type PendingExtension = Schemas['PendingExtensionDto'];
export type CasePause = Schemas['CasePauseDto'];
export type PauseReason = CasePause['reason'];
export type Attachment = Schemas['AttachmentDto'];

/** A verb of `allowedActions`: the last part of `POST /api/cases/:id/<verb>` (`update` is the PATCH). */
export type CaseVerb = Case['allowedActions'][number];
export type CaseStatus = Case['status'];
export type Channel = Case['channel'];
export type Kind = Case['kind'];
export type Priority = Case['priority'];
export type Resolution = NonNullable<Case['resolution']>;
export type Satisfaction = NonNullable<Case['satisfaction']>;
/** Why a case was closed: by the centre (`CaseActionBody<'close'>['reason']`), or by the callback or the citizen's rating. */
export type CloseReason = NonNullable<Case['closeReason']>;
export type CaseEventType = TimelineEvent['type'];

/** The filters of `GET /api/cases` (its query parameters, the cursor aside). */
export type CaseQuery = Omit<NonNullable<operations['CasesController_list']['parameters']['query']>, 'cursor'>;

export type NewCase = Schemas['CreateCaseDto'];

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/**
 * The body of a case action: `POST /api/cases/{id}/<verb>`'s, or the PATCH's for `update`. A verb the
 * server adds comes with its body type once the schema is regenerated.
 */
export type CaseActionBody<V extends CaseVerb> = V extends 'update'
  ? JsonBody<paths['/api/cases/{id}']['patch']>
  : `/api/cases/{id}/${V}` extends keyof paths
    ? JsonBody<paths[`/api/cases/{id}/${V}`]['post']>
    : never;

export type DepartmentNode = Schemas['DepartmentNodeDto'];
export type DepartmentUser = Schemas['DepartmentUserDto'];
export type CatalogNode = Schemas['CatalogNodeDto'];
/** A category of the tree, with the kind of request it implies (`defaultKind`). */
export type CategoryNode = Schemas['CategoryNodeDto'];
/** The department the routing rules would choose (the route answers `null` when none matches). */
export type Suggestion = Schemas['SuggestionDto'];
export type OverdueOwner = Schemas['OverdueOwnerDto'];
export type Notification = Schemas['NotificationDto'];
export type Open311Client = Schemas['Open311ClientDto'];
export type CreatedOpen311Client = Schemas['CreatedOpen311ClientDto'];
export type DepartmentFigures = Schemas['DepartmentFiguresDto'];

// ---- administration ----

export type AdminUser = Schemas['AdminUserDto'];
export type NewUser = Schemas['CreateUserDto'];
export type UserChanges = Schemas['UpdateUserDto'];
export type AdminDepartment = Schemas['AdminDepartmentDto'];
export type NewDepartment = Schemas['CreateDepartmentDto'];
export type DepartmentChanges = Schemas['UpdateDepartmentDto'];
export type RoutingRule = Schemas['RoutingRuleDto'];
export type NewRoutingRule = Schemas['CreateRoutingRuleDto'];
/** One date of the working calendar with its effective kind (`name` for official holidays and make-up days). */
export type CalendarDay = Schemas['CalendarDayDto'];
export type DayKind = CalendarDay['kind'];
export type CalendarYear = Schemas['CalendarYearDto'];
export type CalendarDayChange = Schemas['SetCalendarDayDto'];
export type SlaPolicy = Schemas['SlaPolicyDto'];
/** Any of the priorities, each replaced whole. */
export type SlaPolicyChange = Schemas['UpdateSlaPolicyDto'];
export type StagePolicy = Schemas['StagePolicyDto'];
export type Duration = Schemas['DurationDto'];
export type DurationUnit = Duration['unit'];

/** A category or region as the admin routes answer it (the tree itself is `CatalogNode`). */
export type CatalogRow = Schemas['CatalogRowDto'];
export type NewCategory = Schemas['CreateCategoryDto'];
export type NewRegion = Schemas['CreateRegionDto'];
export type CatalogRename = Schemas['RenameCatalogNodeDto'];
export type CategoryRow = Schemas['CategoryRowDto'];
export type CategoryChanges = Schemas['UpdateCategoryDto'];
/**
 * One administrative change. `before`/`after` are the table's row as JSON (snake_case columns); the
 * document declares them as bare objects, which the generator types as `Record<string, never>`.
 */
export type AuditEntry = Omit<Schemas['AuditEntryDto'], 'before' | 'after'> & {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
export type AuditEntity = AuditEntry['entity'];
export type AuditAction = AuditEntry['action'];
export type AuditPage = Omit<Schemas['AuditPageDto'], 'items'> & { items: AuditEntry[] };
// ---- the operator's desk ----

export type CallerHistory = Schemas['CallerHistoryDto'];
export type CallerCase = Schemas['CallerCaseDto'];
export type CallerFlag = Schemas['CallerFlagDto'];
export type SetCallerFlag = Schemas['SetCallerFlagDto'];
export type FlagKind = CallerFlag['kind'];
export type SimilarCase = Schemas['SimilarCaseDto'];
export type SimilarCases = Schemas['SimilarCasesDto'];
export type MergedCase = Schemas['MergedCaseDto'];
export type KnowledgeItem = Schemas['KnowledgeItemDto'];
export type KnowledgeEntry = Schemas['KnowledgeEntryDto'];
export type KnowledgeList = Schemas['KnowledgeListDto'];
export type NewKnowledgeEntry = Schemas['CreateKnowledgeEntryDto'];
export type KnowledgeChanges = Schemas['UpdateKnowledgeEntryDto'];
export type KnowledgeQuery = NonNullable<operations['KnowledgeController_search']['parameters']['query']>;
export type ReplyTemplate = Schemas['ReplyTemplateDto'];
export type NewReplyTemplate = Schemas['CreateReplyTemplateDto'];
export type ReplyTemplateChanges = Schemas['UpdateReplyTemplateDto'];
export type CentreFigures = Schemas['CentreFiguresDto'];
export type TransferTarget = NonNullable<Case['transferTo']>;

/** `case.event` on the `/live` namespace, and the acknowledgement of `resume` (the document's extra models). */
export type LiveCaseEvent = Schemas['CaseEventMessageDto'];
export type ResumeRequest = Schemas['ResumeRequestDto'];
export type ResumeAck = Schemas['ResumeAckDto'];
/** `hotspot.detected` / `hotspot.updated` on `/live` (operators, supervisors, admins). */
export type LiveHotspot = Schemas['HotspotMessageDto'];
export type Hotspot = Schemas['HotspotDto'];
export type Overview = Schemas['OverviewDto'];
export type Incident = Schemas['IncidentDto'];
export type IncidentDetail = Schemas['IncidentDetailDto'];
export type IncidentEvent = Schemas['IncidentEventDto'];
export type Location = Schemas['LocationDto'];

/** The socket's `auth` in the handshake: `token` (staff) or `trackingCode` + `verify` (a citizen). */
export type LiveAuthFields = Schemas['LiveAuthDto'];

/** The one error shape of every route (CONTRACT.md "Errors"). */
export type ErrorBody = Schemas['ErrorResponseDto'];

// ---- the citizen's side ----

export type Letter = Schemas['SendLetterDto'];
export type LetterReceipt = Schemas['LetterReceiptDto'];
export type RatingBody = Schemas['RatingDto'];
export type PublicCase = Schemas['PublicCaseDto'];
export type PublicEvent = Schemas['PublicEventDto'];
