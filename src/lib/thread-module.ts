/**
 * A worker thread's module `name` beside the module at `base` (its `import.meta.url`), as that one
 * is run: TypeScript through tsx, or built JavaScript; with the arguments its thread needs to load it.
 */
export function threadModule(base: string, name: string): { url: URL; execArgv: string[] } {
  const typescript = base.endsWith('.ts');
  return {
    url: new URL(`./${name}${typescript ? '.ts' : '.js'}`, base),
    execArgv: typescript ? ['--import', import.meta.resolve('tsx')] : [],
  };
}
