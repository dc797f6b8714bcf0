/** An OpenAPI 3.0 Schema Object (a JSON Schema subset, with `xml` and `example`). */
export type Schema = { readonly [keyword: string]: unknown };
