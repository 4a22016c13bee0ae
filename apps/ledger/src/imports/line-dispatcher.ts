import { Inject, Injectable, Logger, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { HttpAdapterHost, ModuleRef, ModulesContainer } from '@nestjs/core';
import { GuardsConsumer, GuardsContextCreator } from '@nestjs/core/guards/index.js';
import type { NestContainer } from '@nestjs/core/injector/container.js';
import { InterceptorsConsumer, InterceptorsContextCreator } from '@nestjs/core/interceptors/index.js';
import { PipesConsumer, PipesContextCreator } from '@nestjs/core/pipes/index.js';
import { RouteParamsFactory } from '@nestjs/core/router/route-params-factory.js';
import { RouterExecutionContext } from '@nestjs/core/router/router-execution-context.js';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '#domain';
import { randomUUID } from 'node:crypto';
import type { LedgerConfig } from '../config.js';
import { internalErrorBody, refusalAnswer } from '../common/errors.filter.js';
import { jsonDepthMax, jsonShapeRefusal, jsonValuesMax } from '../common/http-limits.js';
import { unfitTextRefusal } from '../common/text-rules.js';
import { LEDGER_CONFIG } from '../common/tokens.js';
import { commandRoutes, nonCommandRoutes, type CommandRoute } from './command-routes.js';
import type { ImportCommand } from './import-lines.js';

/** How the route answered a line: its status and body, and whether its key had already taken effect. */
export interface LineAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly replayed: boolean;
}

/** Who runs the import: its Authorization header, checked by the routes' own guard on every line. */
export interface Importer {
  readonly authorization: string;
  readonly correlationId: string;
}

/** The request a controller method, its guard and its pipes see for a line (what they read of Fastify's). */
interface LineRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: unknown;
  actor?: unknown;
}

/** The reply a controller method may set headers and a status on. */
class LineReply {
  readonly headers: Record<string, string> = {};
  statusCode: number | undefined;
  body: unknown;

  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }
}

type Invoke = (request: LineRequest, reply: LineReply, next: () => void) => Promise<void>;

interface CompiledRoute {
  readonly appendsOnce: boolean;
  readonly pattern: RegExp;
  readonly parameters: readonly string[];
  readonly invoke: Invoke;
}

/** The part of Nest's HTTP adapter the router's execution context answers through, writing to a LineReply. */
const lineServer = {
  reply: (reply: LineReply, body: unknown, status?: number) => {
    reply.body = body;
    if (status !== undefined) reply.status(status);
  },
  status: (reply: LineReply, status: number) => reply.status(status),
  setHeader: (reply: LineReply, name: string, value: string) => reply.header(name, value),
  appendHeader: (reply: LineReply, name: string, value: string) => reply.header(name, value),
};

/** An error as Fastify's parser and router raise them: a status and a message (errors.filter.ts maps them). */
function edgeError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * Runs an import line through its command route without HTTP: the route's controller method, called by
 * Nest's own router execution context (what serves the route over HTTP, minus Fastify) with the global
 * guards (authentication and the route's roles; read-your-writes, which lets a command pass), the global and
 * parameter pipes (the DTO's class-validator rules, IdPipe...) in the router's order, then the command handler
 * and decider.
 * Refusals map to `{error, message, details}` and a status by the same function as the error filter. What
 * Fastify checks before Nest (body size, JSON nesting, prototype keys) is checked here the same way.
 */
@Injectable()
export class LineDispatcher implements OnModuleInit {
  private readonly logger = new Logger('Imports');
  private routes: readonly CompiledRoute[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'bodyLimitBytes'>,
  ) {}

  onModuleInit(): void {
    // Nest builds its routes' contexts from the application's container; ModuleRef holds the same one.
    const container = (this.moduleRef as unknown as { container: NestContainer }).container;
    const config = container.applicationConfig;
    const router = new RouterExecutionContext(
      new RouteParamsFactory(),
      new PipesContextCreator(container, config),
      new PipesConsumer(),
      new GuardsContextCreator(container, config),
      new GuardsConsumer(),
      new InterceptorsContextCreator(container, config),
      new InterceptorsConsumer(),
      lineServer as never,
    );
    this.routes = commandRoutes.map((route) => this.compile(route, router));
  }

  async dispatch(command: ImportCommand, raw: string, importer: Importer): Promise<LineAnswer> {
    try {
      if (nonCommandRoutes.includes(`POST ${command.path}`)) throw notACommand(command.path);
      const found = this.match(command.path);
      if (!found) throw edgeError(404, 'Not found');
      await this.checkBody(raw, command.body);
      const request: LineRequest = {
        method: 'POST',
        url: command.path,
        id: randomUUID(),
        headers: {
          authorization: importer.authorization,
          'content-type': 'application/json',
          'idempotency-key': command.key,
          'x-correlation-id': importer.correlationId,
        },
        params: found.params,
        query: {},
        body: command.body,
      };
      const reply = new LineReply();
      await found.route.invoke(request, reply, () => undefined);
      const replayed = reply.headers['idempotent-replayed'] === 'true';
      return { status: reply.statusCode ?? 200, body: reply.body as Record<string, unknown>, replayed };
    } catch (error) {
      return this.refusal(error);
    }
  }

  /** Whether a line's route appends once (CommandRoute.appendsOnce); false for a path no route serves. */
  appendsOnce(path: string): boolean {
    return this.routes.find((route) => route.pattern.test(path))?.appendsOnce ?? false;
  }

  private refusal(error: unknown): LineAnswer {
    const answer = refusalAnswer(error);
    if (answer) return { status: answer.status, body: { ...answer.body }, replayed: false };
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, body: { ...internalErrorBody }, replayed: false };
  }

  private match(path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const matched = route.pattern.exec(path);
      if (!matched) continue;
      const params: Record<string, string> = {};
      route.parameters.forEach((name, index) => (params[name] = decodeParameter(matched[index + 1]!, path)));
      return { route, params };
    }
    return undefined;
  }

  /** What Fastify refuses of a body before any route runs: its size, its nesting, unfit text, prototype keys. */
  private async checkBody(raw: string, body: unknown): Promise<void> {
    const limit = this.config.bodyLimitBytes;
    // The line holds the body and a few short fields: only a line over the limit can hold a body over it.
    if (raw.length > limit && Buffer.byteLength(JSON.stringify(body)) > limit)
      throw edgeError(413, 'Request body is too large');
    // The line nests its body one level deeper than the body itself, beside its key, method and path.
    const lineShapeMax = { depthMax: jsonDepthMax + 1, valuesMax: jsonValuesMax + 4 };
    const refusal = jsonShapeRefusal(Buffer.from(raw), lineShapeMax) ?? unfitTextRefusal(raw, body);
    if (refusal) throw refusal;
    if (raw.includes('__proto__') || raw.includes('constructor')) await this.parseAsFastify(JSON.stringify(body));
  }

  /** Fastify's JSON parser (prototype poisoning refused) on the body as the route would receive it. */
  private parseAsFastify(text: string): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const parse = fastify.getDefaultJsonParser('error', 'error');
    return new Promise((resolve, reject) => {
      void parse({} as never, text, (error) => (error ? reject(error) : resolve()));
    });
  }

  private compile(route: CommandRoute, router: RouterExecutionContext): CompiledRoute {
    const instance = this.moduleRef.get<unknown, Record<string, unknown>>(route.controller, { strict: false });
    const handler = instance[route.handler] as (...args: unknown[]) => unknown;
    const declared = declaredRoute(route.controller, handler);
    if (declared !== route.route)
      throw new Error(
        `Import route ${route.route} names ${route.controller.name}.${route.handler}, which is ${declared}`,
      );
    const moduleKey = [...this.modules.entries()].find(([, module]) => module.controllers.has(route.controller))?.[0];
    if (moduleKey === undefined) throw new Error(`${route.controller.name} is in no module of the application`);
    const parameters = [...route.route.matchAll(/:([A-Za-z]+)/g)].map((found) => found[1]!);
    const pattern = new RegExp(`^${route.route.slice('POST '.length).replace(/:[A-Za-z]+/g, '([^/]+)')}$`);
    const invoke: Invoke = router.create(instance, handler, route.handler, moduleKey, RequestMethod.POST);
    return { appendsOnce: route.appendsOnce, pattern, parameters, invoke };
  }
}

/** `POST /deals/:id/win` from a controller's and its method's Nest metadata. */
export function declaredRoute(controller: object, handler: object): string {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  const path = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
    .flatMap((part: unknown) => (typeof part === 'string' ? part.split('/') : []))
    .filter((segment) => segment.length > 0)
    .join('/');
  return `${RequestMethod[method ?? RequestMethod.ALL]} /${path}`;
}

/** A POST route that is not a command (a simulation, the imports themselves): refused as the line's path. */
function notACommand(path: string): DomainError {
  const message = `path ${path} is not a command route (it appends nothing an import could carry)`;
  return new DomainError('VALIDATION_FAILED', message, { fields: [{ field: 'path', rule: 'commandRoute', message }] });
}

/** A path parameter as Fastify's router gives it: percent-decoded, a bad escape refused with 400 naming the path. */
function decodeParameter(value: string, path: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw edgeError(400, `'${path}' is not a valid url component`);
  }
}
