export const root: string;
export const entry: string;
export const outfile: string;
export function compiledIsFresh(): boolean;
export function buildServer(): Promise<void>;
