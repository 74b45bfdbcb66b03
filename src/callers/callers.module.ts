import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CallersController } from './callers.controller';
import { CallersRepository } from './callers.repository';
import { CallersService } from './callers.service';

@Module({
  imports: [CasesModule],
  controllers: [CallersController],
  providers: [CallersRepository, CallersService],
})
export class CallersModule {}
