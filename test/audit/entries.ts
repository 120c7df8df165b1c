/** The audit entry of user i's consent for camera i, with these details. */
export const consentEntry = (i: number, details: Record<string, unknown> = {}) => ({
  actorType: 'user' as const,
  actorId: `user-${i}`,
  action: 'camera.consent.given',
  subjectType: 'camera',
  subjectId: `camera-${i}`,
  subjectOwnerId: `user-${i}`,
  details,
})
