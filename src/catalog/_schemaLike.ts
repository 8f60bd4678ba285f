/**
 * Any zod 4 schema, built with `zod` or `zod/mini`, as custodia's public types see it. Declared
 * structurally (what zod's own `output<T>` reads) so the published .d.ts import no zod: zod is
 * bundled into dist/, not a dependency, and a consumer without it still typechecks.
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * const schema: ZodSchema<string> = z.string();
 * const catalog = defineCatalog({ fields: { nickname: { category: 'identity.nickname', schema } } });
 * ```
 */
export interface ZodSchema<Out = unknown> {
  readonly _zod: { readonly output: Out };
}

/** The value type a schema parses into (zod's `output<S>`). @internal */
export type _OutputOf<S> = S extends { readonly _zod: { readonly output: infer O } } ? O : unknown;

/**
 * A zod schema custodia builds and hands out (consent events, audit entries, ISO durations):
 * parse with it directly. Typed structurally so the .d.ts import no zod; to compose it into
 * your own zod schema, cast it (`schema as unknown as z.ZodType`), it is a real zod 4 schema.
 * @example
 * ```ts
 * const s: ParsingSchema<string> = isoDuration();
 * s.parse('P3Y');                // 'P3Y'
 * s.safeParse('3 years').success // false
 * ```
 */
export interface ParsingSchema<Out, In = Out> extends ZodSchema<Out> {
  readonly _zod: { readonly output: Out; readonly input: In };
  parse(data: unknown): Out;
  safeParse(data: unknown):
    | { readonly success: true; readonly data: Out }
    | { readonly success: false; readonly error: { readonly issues: readonly { readonly code: string; readonly path: readonly PropertyKey[]; readonly message: string }[] } };
}
