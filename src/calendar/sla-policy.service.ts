import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PRIORITIES, type Priority } from '../cases/case.enums';
import { DomainError } from '../common/domain-error';
import type { SlaPolicyDto, StagePolicyDto, UpdateSlaPolicyDto } from './dto/calendar.dto';
import { SlaPolicy } from './sla-policy.entity';

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
  constructor(@InjectRepository(SlaPolicy) private readonly policies: Repository<SlaPolicy>) {}

  async get(): Promise<SlaPolicyDto> {
    const rows = await this.policies.find();
    return Object.fromEntries(rows.map((p) => [p.priority, toStagePolicy(p)])) as unknown as SlaPolicyDto;
  }

  async update(dto: UpdateSlaPolicyDto): Promise<SlaPolicyDto> {
    const given = PRIORITIES.filter((p): p is Priority => dto[p] !== undefined);
    if (given.length === 0) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'NOTHING_TO_CHANGE', `Give at least one of: ${PRIORITIES.join(', ')}`);
    }
    await this.policies.manager.transaction(async (em) => {
      for (const priority of given) {
        const stages = dto[priority]!;
        const columns = Object.fromEntries(
          STAGES.flatMap((stage) => [
            [`${stage}Amount`, stages[`${stage}Within`].amount],
            [`${stage}Unit`, stages[`${stage}Within`].unit],
          ]),
        );
        await em.update(SlaPolicy, { priority }, columns);
      }
    });
    return this.get();
  }
}
