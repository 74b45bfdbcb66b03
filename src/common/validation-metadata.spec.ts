import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, MaxLength, MetadataStorage, Min, ValidateNested, validateSync, Validator } from 'class-validator';
import { Type } from 'class-transformer';
import { cacheValidationMetadata } from './validation-metadata';

class Citizen {
  @IsString()
  @MaxLength(4)
  name!: string;
}

class Call {
  @IsString()
  title!: string;

  @IsInt({ groups: ['strict'] })
  @Min(1, { always: true })
  count!: number;

  @ValidateNested()
  @Type(() => Citizen)
  citizen!: Citizen;
}

const failed = (errors: ReturnType<typeof validateSync>) =>
  errors.map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).sort().join('+')}:${e.children?.map((c) => c.property).join('')}`);

const wrong = () => Object.assign(new Call(), { title: 7, count: 0.5, citizen: Object.assign(new Citizen(), { name: '王先生是谁呢' }) });
const right = () => Object.assign(new Call(), { title: 'x', count: 2, citizen: Object.assign(new Citizen(), { name: '王' }) });
const answers = () => [failed(validateSync(wrong())), failed(validateSync(wrong(), { groups: ['strict'] })), failed(validateSync(right()))];

describe('cacheValidationMetadata', () => {
  let unaided: string[][];
  beforeAll(() => {
    unaided = answers();
    cacheValidationMetadata();
  });

  // Without groups every rule counts; with a group, only its rules and those marked `always`.
  it('gives the same answers, time after time, as the storage gave unaided', () => {
    const storage = getMetadataStorage();
    expect(storage.getTargetValidationMetadatas(Call, '', false, false)).toBe(storage.getTargetValidationMetadatas(Call, '', false, false));
    expect(unaided).toEqual([['title:isString:', 'count:isInt+min:', 'citizen::name'], ['count:isInt+min:'], []]);
    expect(answers()).toEqual(unaided);
    expect(answers()).toEqual(unaided);
  });

  it('resolves a class defined after its parent was validated with the parent’s rules and its own', () => {
    validateSync(right());
    class LetterCall extends Call {
      @IsString()
      channel!: string;
    }
    const errors = new Validator().validateSync(Object.assign(new LetterCall(), { ...right(), title: 1, channel: 3 }));
    expect(errors.map((e) => e.property).sort()).toEqual(['channel', 'title']);
  });

  it('wraps a storage once, however often it is asked', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    const wrapped = storage.getTargetValidationMetadatas;
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(wrapped);
  });
});
