import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { IntakeModule } from '../intake/intake.module';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

@Module({
  imports: [CasesModule, IntakeModule],
  controllers: [PublicController],
  providers: [PublicService],
})
export class PublicModule {}
