import { describe, expect, it } from 'vitest'
import { describeTrailStep, trailSteps } from './trail.ts'

const home = { lat: 51.4613, lng: -0.1156 }
const at = (hours: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + hours * 3_600_000).toISOString()
const area = (lat: number, lng: number) => ({ center: { lat, lng }, areaKm2: 0.74 })

describe('trailSteps', () => {
  it('orders sightings by time and places each by distance and direction from the last-seen point', () => {
    const steps = trailSteps(home, at(0), [
      { capturedAt: at(5), area: area(51.4613, -0.1012) }, // ~1 km east
      { capturedAt: at(2), area: area(51.4658, -0.1156) }, // ~500 m north
    ])
    expect(steps).toEqual([
      { capturedAt: at(2), distanceM: 500, direction: 'north', hoursAfterLastSeen: 2, sightings: 1 },
      { capturedAt: at(5), distanceM: 1000, direction: 'east', hoursAfterLastSeen: 5, sightings: 1 },
    ])
    expect(describeTrailStep(steps[0]!)).toBe('About 500 m north of where it was last seen, 2 h after it went missing')
    expect(describeTrailStep(steps[1]!)).toBe('About 1.0 km east of where it was last seen, 5 h after it went missing')
  })

  it('says "in the area" for a sighting in the last-seen area, and never a negative time', () => {
    const [step] = trailSteps(home, at(1), [{ capturedAt: at(0.5), area: area(home.lat, home.lng) }])
    expect(describeTrailStep(step!)).toBe('In the area where it was last seen, within the hour')
  })

  it('says how many likely sightings an area held in that hour', () => {
    const [step] = trailSteps(home, at(0), [{ capturedAt: at(3), area: area(51.4658, -0.1156), sightings: 4 }])
    expect(describeTrailStep(step!)).toBe(
      'About 500 m north of where it was last seen, 3 h after it went missing (4 likely sightings)',
    )
  })
})
