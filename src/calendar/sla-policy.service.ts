import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Db } from '../database/db';
import { CalendarRepository } from './calendar.repository';
import type { SlaPolicyDto, StagePolicyDto, UpdateSlaPolicyDto } from './dto/calendar.dto';
import { PRIORITIES, type Priority, SlaPolicy } from './sla-policy.entity';

const STAGES = ['dispatch', 'sign', 'reply', 'callback'] as const;

function toStagePolicy(p: SlaPolicy): StagePolicyDto {
  return {
    dispatchWithin: { amount: p.dispatchAmount, unit: p.dispatchUnit },
    signWithin: { amount: p.signAmount, unit: p.signUnit },
    replyWithin: { amount: p.replyAmount, unit: p.replyUnit },
    callbackWithin: { amount: p.callbackAmount, unit: p.callbackUnit },
  };
}

/** The SLA policy (how long each stage may take, per priority), as the admin edits it. */
@Injectable()
export class SlaPolicyService {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly db: Db,
  ) {}

  async get(): Promise<SlaPolicyDto> {
    const rows = await this.calendar.slaPolicies();
    return Object.fromEntries(rows.map((p) => [p.priority, toStagePolicy(p)])) as unknown as SlaPolicyDto;
  }

  async update(dto: UpdateSlaPolicyDto): Promise<SlaPolicyDto> {
    const given = PRIORITIES.filter((p): p is Priority => dto[p] !== undefined);
    if (given.length === 0) {
      throw DomainError.invalid(ErrorCode.NOTHING_TO_CHANGE, `Give at least one of: ${PRIORITIES.join(', ')}`);
    }
    await this.db.transaction(async () => {
      for (const priority of given) {
        const stages = dto[priority]!;
        const columns = Object.fromEntries(
          STAGES.flatMap((stage) => [
            [`${stage}_amount`, stages[`${stage}Within`].amount],
            [`${stage}_unit`, stages[`${stage}Within`].unit],
          ]),
        );
        await this.calendar.setSlaPolicy(priority, columns);
      }
    });
    return this.get();
  }
}
