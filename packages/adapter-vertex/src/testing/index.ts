export { FakeGoogleCloud } from './fake-google-cloud.js';
export type { FakeGoogleCloudOptions, RecordedRequest, FakeScriptExtras } from './fake-google-cloud.js';
export type { AcceptedStart, StartFault } from './fake-vertex.js';
export { FakeObjectStore } from './fake-object-store.js';
export type { FakeObject } from './fake-object-store.js';
export { createFakeVertexAdapters, fakeVertexConfig, staticTokenAuth, FAKE_ACCESS_TOKEN } from './fake-adapters.js';
export type { FakeAdapterOptions } from './fake-adapters.js';
export { mp4Head, mp4Bytes, MINIMAL_MP4_LENGTH } from './minimal-mp4.js';
