import { is, Param, Placeholder } from 'drizzle-orm';

type Filler = (values: Record<string, unknown>) => unknown;

/**
 * drizzle's `fillPlaceholders` for one prepared query, with each parameter's kind found once: it
 * looks every parameter's class up again on every run, which cost a statement of an import as much
 * as SQLite's own work on a small row. The same values, the same error for a missing one.
 */
export function placeholderFiller(
  params: unknown[],
): (values?: Record<string, unknown>) => unknown[] {
  const fillers: Filler[] = params.map((param) => {
    if (is(param, Placeholder)) return named(param.name, (value) => value);
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      return named(param.value.name, (value) => encoder.mapToDriverValue(value));
    }
    return () => param;
  });
  const count = fillers.length;
  return (values = {}) => {
    const filled = new Array<unknown>(count);
    for (let i = 0; i < count; i++) filled[i] = (fillers[i] as Filler)(values);
    return filled;
  };
}

function named(name: string, map: (value: unknown) => unknown): Filler {
  return (values) => {
    if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
    return map(values[name]);
  };
}
