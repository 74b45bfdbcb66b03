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
/** The department the routing rules would choose (the route answers `null` when none matches). */
export type Suggestion = Schemas['SuggestionDto'];
export type OverdueOwner = Schemas['OverdueOwnerDto'];
export type DepartmentFigures = Schemas['DepartmentFiguresDto'];

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
