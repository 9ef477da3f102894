// The `xliff` package ships no types; these cover the two functions Status Atlas calls.
declare module "xliff" {
  export function js2xliff(js: unknown, options?: { indent?: string; targetXliffVersion?: string }): Promise<string>;
  export function xliff2js(xml: string): Promise<unknown>;
}
