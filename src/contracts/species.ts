/** The only animals Homeward matches: nothing else is ever embedded. */
export const SPECIES = ['dog', 'cat'] as const
export type Species = (typeof SPECIES)[number]
