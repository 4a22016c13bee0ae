import { IsInt, IsString, Min, validate } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata.js';

class Enrollment {
  @IsString()
  name!: unknown;

  @IsInt()
  @Min(1)
  seats!: unknown;
}

/** Each field's failed rules, as the pipe reads them. */
async function rulesOf(value: object): Promise<Record<string, string[]>> {
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return Object.fromEntries(errors.map((error) => [error.property, Object.keys(error.constraints ?? {}).sort()]));
}

function enrollment(fields: Record<string, unknown>): Enrollment {
  return Object.assign(new Enrollment(), fields);
}

describe('memoizeValidationMetadata', () => {
  it('gives the rules class-validator gives, before and after a class is declared later', async () => {
    const bad = { name: 3, seats: 0, extra: true };
    const before = await rulesOf(enrollment(bad));
    memoizeValidationMetadata();
    expect(await rulesOf(enrollment(bad))).toEqual(before);
    expect(before).toEqual({ name: ['isString'], seats: ['min'], extra: ['whitelistValidation'] });
    expect(await rulesOf(enrollment({ name: 'Acme', seats: 2 }))).toEqual({});

    // A class declared after the first lookups: its rules are seen, and the first class's are unchanged.
    class Renewal extends Enrollment {
      @IsString()
      term!: unknown;
    }
    const renewal = Object.assign(new Renewal(), { name: 'Acme', seats: 0, term: 12 });
    expect(await rulesOf(renewal)).toEqual({ seats: ['min'], term: ['isString'] });
    expect(await rulesOf(enrollment(bad))).toEqual(before);
  });
});
