import { Injectable } from '@nestjs/common';

/** The time source for everything that depends on "now". Tests replace it to move time without sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
