import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, Min, validate } from 'class-validator';
import fc from 'fast-check';
import { ledgerValidationPipe, refusalAnswer } from './errors.filter.js';
import { certainlyValid, ledgerValidatorOptions, memoizeValidationMetadata } from './validation-metadata.js';

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

/** Every DTO of the API: each module that declares validated classes. */
const dtoModules = [
  '../admin/admin.dto.js',
  '../campaigns/campaigns.dto.js',
  '../commissions/commissions.dto.js',
  '../deals/deals.dto.js',
  '../imports/imports.dto.js',
  '../partners/partners.dto.js',
  '../program/program.dto.js',
  '../registrations/registrations.dto.js',
  '../simulation/simulation.controller.js',
  '../statements/statements.dto.js',
  './read-query.dto.js',
];

type Dto = new () => object;
type Swagger = { example?: unknown; enum?: unknown; type?: unknown; isArray?: boolean };

/** A property's OpenAPI description (@ApiProperty): its example, values and nested type make bodies that pass. */
const swaggerOf = (dto: Dto, property: string) =>
  (Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, property) ?? {}) as Swagger;

const ruleless = (dto: Dto) => getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false).length === 0;

/** A body for `dto`: each property left out, or its example, an allowed value, a nested body, or anything JSON. */
function bodyOf(dto: Dto, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  const properties = [...new Set(metadatas.map((metadata) => metadata.propertyName))];
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const property of properties) record[property] = valueOf(swaggerOf(dto, property), depth);
  return fc.record(record, { requiredKeys: [] }).chain((body) =>
    fc
      .option(fc.tuple(fc.constantFrom('extra', 'constructor', properties[0] ?? 'x'), fc.jsonValue()), {
        freq: 4,
      })
      .map((added) => (added ? { ...body, [added[0]]: added[1] } : body)),
  );
}

function valueOf(swagger: Swagger, depth: number): fc.Arbitrary<unknown> {
  const choices: fc.Arbitrary<unknown>[] = [fc.jsonValue({ maxDepth: 2 })];
  if (swagger.example !== undefined) choices.push(fc.constant(swagger.example), fc.constant(swagger.example));
  const values = Array.isArray(swagger.enum) ? swagger.enum : Object.values(swagger.enum ?? {});
  if (values.length > 0) choices.push(fc.constantFrom(...values));
  const type = typeof swagger.type === 'function' && !isBuiltIn(swagger.type) ? nestedType(swagger.type) : undefined;
  if (type && depth < 3) {
    const nested = bodyOf(type, depth + 1);
    choices.push(swagger.isArray ? fc.array(nested, { maxLength: 3 }) : nested);
  }
  return fc.oneof(...choices);
}

/**
 * Bodies the hot routes take, as the API documentation shows them: cross-field rules (a deal's shares summing to 1)
 * make random bodies of these rarely pass, so each is also tried as it is and with one field changed.
 */
const samples: Record<string, Record<string, unknown>> = {
  EnrollPartnerDto: { partnerId: 'p-1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2025-01-01' },
  OpenDealDto: {
    dealId: 'd-1',
    customer: { name: 'Customer', domain: 'customer.com' },
    partners: [
      { partnerId: 'p-1', role: 'sourcing', share: '0.6' },
      { partnerId: 'p-2', role: 'influencing', share: '0.4' },
    ],
    currency: 'EUR',
    openedAt: '2026-01-05',
  },
  WinDealDto: {
    lines: [
      { sku: 'PLAT-12M', family: 'platform', amount: '1000.00', discount: '0.1' },
      { sku: 'SVC', family: 'services', amount: '250.00' },
    ],
    fxRate: '1.0850',
    billing: 'one_time',
    wonAt: '2026-02-02',
  },
  RefundDealDto: { amount: '100.00', refundedAt: '2026-02-09' },
};

function sampleOf(dto: Dto): fc.Arbitrary<Record<string, unknown>> | undefined {
  const sample = samples[dto.name];
  if (!sample) return undefined;
  const keys = Object.keys(sample);
  const changed = fc
    .tuple(fc.constantFrom(...keys), fc.option(fc.jsonValue({ maxDepth: 2 })))
    .map(([key, value]) => (value === null ? omit(sample, key) : { ...sample, [key]: value }));
  return fc.oneof(fc.constant(sample), changed);
}

const omit = (body: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

/** Bodies for `dto`; a query's values are the strings a query string holds. */
function arbitraryOf(dto: Dto): fc.Arbitrary<Record<string, unknown>> {
  const sample = sampleOf(dto);
  const bodies = sample ? fc.oneof(bodyOf(dto), sample) : bodyOf(dto);
  if (!dto.name.endsWith('Query')) return bodies;
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return bodies.map((body) => Object.fromEntries(Object.entries(body).map(([key, value]) => [key, text(value)])));
}

const isBuiltIn = (type: unknown) => [String, Number, Boolean, Object, Array].includes(type as StringConstructor);

/** A nested DTO class, named as a class or as a function returning it (@ApiProperty({ type: () => Line })). */
function nestedType(type: unknown): Dto | undefined {
  const candidate = (type as { prototype?: unknown }).prototype ? type : (type as () => unknown)();
  return typeof candidate === 'function' && !ruleless(candidate as Dto) ? (candidate as Dto) : undefined;
}

/** The validated classes of dtoModules. */
async function apiDtos(): Promise<Dto[]> {
  const modules = await Promise.all(dtoModules.map((path) => import(path) as Promise<Record<string, unknown>>));
  const dtos = modules
    .flatMap((exports) => Object.values(exports))
    .filter((value): value is Dto => typeof value === 'function' && !ruleless(value as Dto));
  expect(dtos.length).toBeGreaterThan(30);
  return dtos;
}

describe('certainlyValid', () => {
  const options = { ...ledgerValidatorOptions };

  it('passes a DTO only where class-validator finds no error, and passes every one it finds none in', async () => {
    const dtos = await apiDtos();
    const passed = new Map<string, number>();
    for (const dto of dtos) {
      await fc.assert(
        fc.asyncProperty(arbitraryOf(dto), async (body) => {
          const entity = plainToInstance(dto, structuredClone(body));
          const errors = await validate(entity, options);
          const verdict = certainlyValid(entity);
          if (verdict === true) passed.set(dto.name, (passed.get(dto.name) ?? 0) + 1);
          // Passed only if class-validator passes it; and never refused where it passes.
          expect(verdict === true ? errors : []).toEqual([]);
          if (errors.length === 0) expect(verdict).toBe(true);
        }),
        { numRuns: 60 },
      );
    }
    // Bodies made of examples and allowed values pass often enough for the first half to mean something: the hot
    // routes' among them (an enrolment; a deal's open and win, with nested partners and lines).
    expect([...passed.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(dtos.length * 5);
    for (const name of ['EnrollPartnerDto', 'OpenDealDto', 'WinDealDto']) expect(passed.get(name)).toBeGreaterThan(0);
  });

  it('refuses what class-validator refuses: an unknown property, a plain object, a nested value of no class', () => {
    memoizeValidationMetadata();
    expect(certainlyValid(enrollment({ name: 'Acme', seats: 2 }))).toBe(true);
    expect(certainlyValid(enrollment({ name: 'Acme', seats: 2, extra: 1 }))).toBe(false);
    expect(certainlyValid(enrollment({ name: 'Acme', seats: 0 }))).toBe(false);
    expect(certainlyValid({ name: 'Acme', seats: 2 })).toBe(false);
  });
});

describe('the validation pipe', () => {
  // JSON can carry objects whose conversion to a primitive throws: class-transformer's `@Type(() => Number)` did.
  const hostile: unknown[] = [
    { toString: null },
    { toString: null, valueOf: null },
    { valueOf: {}, toString: 1 },
    [{ toString: 1 }],
  ];

  it('refuses a value that cannot be converted, in every field of every DTO, body or query', async () => {
    const pipe = ledgerValidationPipe();
    let refused = 0;
    for (const dto of await apiDtos()) {
      const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
      for (const property of new Set(metadatas.map((metadata) => metadata.propertyName)))
        for (const type of ['body', 'query'] as const)
          for (const value of hostile) {
            const answer = await pipe.transform({ [property]: structuredClone(value) }, { type, metatype: dto }).then(
              () => undefined,
              (error: unknown) => refusalAnswer(error) ?? { status: 500, body: String(error) },
            );
            if (answer) refused += 1;
            expect([property, answer?.status ?? 200]).toEqual([property, answer ? 400 : 200]);
          }
    }
    expect(refused).toBeGreaterThan(500);
  });
});
