import Router from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/**
 * Which methods the app answers on a path: a request with another method on a known path is told
 * so (405 with `Allow`), not that the path does not exist. Routes are matched as fastify's router
 * matches them (the same router), catch-all routes (CORS preflights) aside.
 */
export class RouteMethods {
  private readonly router = Router({ maxParamLength: 500 });

  add(methods: string | string[], url: string): void {
    if (url === '*' || url === '/*') return;
    for (const method of [methods].flat()) {
      if (isMethod(method)) this.router.on(method, url, () => {});
    }
  }

  /** The methods with a route for this path (no query), empty when no route has it. */
  allowed(path: string): Method[] {
    return METHODS.filter((method) => this.router.find(method, path) !== null);
  }
}

function isMethod(method: string): method is Method {
  return (METHODS as readonly string[]).includes(method);
}
