import { serve } from '@hono/node-server'
import type { PetPhotoAnalyzer } from '../../src/photos/pet-photo.ts'
import { photoCheckRoutes } from '../../src/photos/photo-check.routes.ts'
import { sharpPhotoImages } from '../../src/photos/photo-image.ts'

export const PHOTO_CHECK_TOKEN = 'edge-test-photo-check-token-0123456789'

/** The Node photo-check service the Worker under test calls, with this test file's analyzer (real or fake). */
export async function servePhotoCheck(port: number, petPhotos: PetPhotoAnalyzer): Promise<{ close(): Promise<void> }> {
  const server = serve({
    fetch: photoCheckRoutes({ petPhotos, photoImages: sharpPhotoImages, token: PHOTO_CHECK_TOKEN }).fetch,
    port,
    hostname: '127.0.0.1',
  })
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject))
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
