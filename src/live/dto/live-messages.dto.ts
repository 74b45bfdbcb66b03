import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type CaseEventType, EVENT_TYPES } from '../../cases/case-event.entity';
import { type CaseStatus, STATUSES } from '../../cases/case.enums';
import { OwnerDto } from '../../cases/dto/case.dto';
import { HotspotMessageDto } from '../../hotspots/dto/hotspot.dto';

/**
 * The `case.event` message on `/live` (socket.io), declared once: the server sends this type, and the
 * OpenAPI document lists it (as a schema no route returns) so the console's generated types carry it.
 */
export class CaseEventMessageDto {
  @ApiProperty({ description: 'Rises strictly across the whole system; send the last one with `resume` after a reconnect' })
  seq: number;
  @ApiProperty({ enum: EVENT_TYPES }) type: CaseEventType;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty({ enum: STATUSES, description: 'The status the event left the case in' }) status: CaseStatus;
  @ApiProperty({ type: OwnerDto, description: 'The owner the event left the case with' }) owner: OwnerDto;
  @ApiProperty({ format: 'date-time' }) at: string;
}

/** Client → server `resume`: replay what came after this `seq`, then go on live. */
export class ResumeRequestDto {
  @ApiProperty({ description: 'The highest `seq` the client has applied' }) afterSeq: number;
}

/**
 * The socket's `auth` in the handshake: staff send `token`; a citizen sends `trackingCode` and `verify`
 * (the phone's last four digits or the query code). `afterSeq` asks for a replay before anything live.
 */
export class LiveAuthDto {
  @ApiPropertyOptional({ description: 'A staff access token' }) token?: string;
  @ApiPropertyOptional() trackingCode?: string;
  @ApiPropertyOptional({ description: 'The last four digits of the phone, or the six-digit query code' }) verify?: string;
  @ApiPropertyOptional() afterSeq?: number;
}

/** The acknowledgement of `resume {afterSeq}`. */
export class ResumeAckDto {
  @ApiProperty({ description: 'Events replayed from the database' }) replayed: number;
  @ApiProperty({ description: 'The replay window was exceeded (or `afterSeq` made no sense): reload your lists' }) resync: boolean;
}

/** Every message type of `/live`, for the OpenAPI document's `extraModels`. */
export const LIVE_MESSAGE_MODELS = [CaseEventMessageDto, ResumeRequestDto, ResumeAckDto, LiveAuthDto, HotspotMessageDto];
