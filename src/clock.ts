/** The time, as a port: services and repositories take it from their deps, so a test or a bench can fix it. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()
