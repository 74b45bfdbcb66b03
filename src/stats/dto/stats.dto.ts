import { ApiProperty } from '@nestjs/swagger';
import { IsRealDate } from '../../common/text';

export class PeriodQuery {
  @ApiProperty({ example: '2026-11-01', description: 'First day, Asia/Shanghai' })
  @IsRealDate()
  from: string;

  @ApiProperty({ example: '2026-11-30', description: 'Last day (inclusive), Asia/Shanghai' })
  @IsRealDate()
  to: string;
}

const rate = (description: string) => ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description });

export class DepartmentFiguresDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Cases of the period dispatched to the unit or one of its child units' }) received: number;
  @rate('Signed on time ÷ sign-for stages that ended (signed, or deadline passed while held)') signOnTimeRate: number | null;
  @rate('Replied on time ÷ reply stages that ended (replied, or deadline passed while held after signing)')
  replyOnTimeRate: number | null;
  @rate('Resolved ÷ called back (last callback or rating, counted for the owner at that moment)') resolutionRate: number | null;
  @rate('(Satisfied + basically satisfied) ÷ called back') satisfactionRate: number | null;
  @rate('Times returned (returns that stood) ÷ times held') returnRate: number | null;
  @ApiProperty({ description: 'Returns the centre refused (派单异议审核); they are not counted as returns' }) returnsRefused: number;
  @rate('Reopened ÷ replied') reopenRate: number | null;
  @ApiProperty({ description: 'Open cases of the period held now and past their current deadline' }) overdueOpen: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean hours from receiving a case to the first reply, paused time (挂起) left out' })
  avgReplyHours: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Weighted composite, 0–100 (README)' }) score: number | null;
}
