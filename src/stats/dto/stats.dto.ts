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

/** The denominator of each scored rate: how many cases it rests on. */
export class FigureSamplesDto {
  @ApiProperty({ description: 'Sign-for stages that ended (the denominator of signOnTimeRate)' }) signOnTime: number;
  @ApiProperty({ description: 'Reply stages that ended (the denominator of replyOnTimeRate)' }) replyOnTime: number;
  @ApiProperty({ description: 'Cases called back (the denominator of resolutionRate)' }) resolution: number;
  @ApiProperty({ description: 'Cases called back (the denominator of satisfactionRate)' }) satisfaction: number;
}

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
  @ApiProperty({ type: FigureSamplesDto, description: 'How many cases each scored rate rests on' }) samples: FigureSamplesDto;
  @ApiProperty({ description: 'FIGURES_MIN_SAMPLE: a rate resting on fewer cases does not enter the score (样本不足)' }) minSample: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Weighted composite, 0–100, of the rates resting on at least minSample cases; null when none does (README)',
  })
  score: number | null;
}

export class TransferredCountsDto {
  @ApiProperty({ description: '公安 110' }) '110': number;
  @ApiProperty({ description: '消防 119' }) '119': number;
  @ApiProperty({ description: '急救 120' }) '120': number;
  @ApiProperty({ description: '交通事故 122' }) '122': number;
}

/** The 12345 centre's own figures for a period: the cases logged in it, by what the centre did with them. */
export class CentreFiguresDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ description: 'Cases logged in the period (every channel)' }) received: number;
  @ApiProperty({ description: 'Of those, closed by the centre as answered (直办): at intake or from its queue' }) answeredOnTheSpot: number;
  @ApiProperty({ type: Number, nullable: true, description: 'answeredOnTheSpot ÷ received' }) directAnswerRate: number | null;
  @ApiProperty({ description: 'Of those, dispatched by the centre at least once (including by a rule at intake, and by a supervisor’s decision)' })
  dispatched: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Dispatched cases with no return that stood (a refused return does not count) ÷ dispatched' })
  dispatchAccuracyRate: number | null;
  @ApiProperty({ description: 'Closed as merged into another case (并单)' }) merged: number;
  @ApiProperty({ type: TransferredCountsDto, description: 'Handed over to each emergency line' }) transferred: TransferredCountsDto;
  @ApiProperty({ description: 'Closed as not accepted (不予受理)' }) notAccepted: number;
}
