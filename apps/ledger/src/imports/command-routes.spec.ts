import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandRoutes, nonCommandRoutes } from './command-routes.js';
import { declaredRoute } from './line-dispatcher.js';

const sourceRoot = join(import.meta.dirname, '..');

/** Every POST route any controller of the service declares, as `POST /path/:param`. */
async function postRoutesOfEveryController(): Promise<string[]> {
  const files = readdirSync(sourceRoot, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.controller.ts'),
  );
  const routes: string[] = [];
  for (const file of files) {
    const exported = (await import(pathToFileURL(join(sourceRoot, file)).href)) as Record<string, unknown>;
    for (const candidate of Object.values(exported)) {
      if (typeof candidate !== 'function' || Reflect.getMetadata(PATH_METADATA, candidate) === undefined) continue;
      const prototype = (candidate as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
        routes.push(declaredRoute(candidate, handler));
      }
    }
  }
  return routes.sort();
}

describe('the import route table', () => {
  it('maps every POST route of every controller, or names it as not a command', async () => {
    const mapped = [...commandRoutes.map((route) => route.route), ...nonCommandRoutes].sort();
    const declared = await postRoutesOfEveryController();
    // A new command route fails here until command-routes.ts maps it (or lists it as not a command).
    expect(declared).toEqual(mapped);
  });

  it('names, for each command route, the controller method that declares exactly that route', () => {
    for (const { route, controller, handler } of commandRoutes) {
      const method = (controller.prototype as Record<string, object>)[handler]!;
      expect(`${controller.name}.${handler}: ${declaredRoute(controller, method)}`).toBe(
        `${controller.name}.${handler}: ${route}`,
      );
    }
  });
});
