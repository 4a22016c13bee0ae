export const generatedPath: string;
export function responseSchemasSource(): Promise<string>;
