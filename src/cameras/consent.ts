/**
 * The words a camera owner agrees to. A new wording gets a new version; consent given to an older
 * version must be given again before the camera may send sightings.
 */
export const CAMERA_CONSENT_VERSION = '2026-11-01'

export const CAMERA_CONSENT_TEXT = `Homeward camera opt-in (version ${CAMERA_CONSENT_VERSION})

By switching this camera on for Homeward you agree that:
1. The Homeward agent on your own machine looks at this camera's snapshots for dogs and cats only.
   People are never embedded, and frames with only people in them are dropped on the device.
2. For each dog or cat it sees, the agent sends Homeward a list of numbers (an "embedding"), the
   species, the time, a detection score and an opaque reference to the snapshot kept on your device.
   It never sends images, video or sound.
3. Homeward stores only a coarse area (about 0.7 km²) for this camera, never its exact location, and
   shows that area to nobody but you.
4. Sightings are deleted after your retention period (at most 72 hours).
5. If a lost pet may match, only you are alerted. You alone decide whether to share one snapshot,
   encrypted so that only the pet's owner can open it.
6. No police, agency, data broker or Homeward staff member gets your footage or bulk data.
7. This consent lasts 12 months. You can revoke it at any time; revoking deletes this camera's
   sightings and embeddings at once and stops its agent.`

export const CONSENT_VALIDITY_MONTHS = 12
