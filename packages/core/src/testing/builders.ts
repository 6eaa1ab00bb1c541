import type { VideoRequest } from '../domain/video-request.js';
import { newPendingRequest } from '../domain/video-request.js';

let counter = 0;

/** A fresh, valid, unique UUID (v4 shape) without randomness, for tests. */
export function testUuid(n: number = ++counter): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** A valid pending request; override any field. */
export function aRequest(overrides: Partial<VideoRequest> = {}): VideoRequest {
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 10, 23, 12, 0, 0));
  const base = newPendingRequest({
    id: overrides.id ?? testUuid(),
    userId: 'user-1',
    guildId: 'guild-1',
    channelId: 'channel-1',
    createdAt,
    interaction: { applicationId: 'app-1', interactionId: 'interaction-1', token: 'token-1' },
    prompt: 'a fox running through snow',
    model: 'veo-3.1-generate-001',
    durationSeconds: 8,
    aspectRatio: '16:9',
    resolution: '720p',
    generateAudio: true,
    negativePrompt: null,
    seed: null,
    personGeneration: null,
    sourceVideoUri: null,
  });
  return { ...base, updatedAt: createdAt, ...overrides };
}
