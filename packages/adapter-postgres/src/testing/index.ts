export { testDatabase, stopTestDatabase, freePort } from './test-database.js';
export type { TestDatabase } from './test-database.js';
export { createTestSchema } from './test-schema.js';
export type { TestSchema, TestSchemaOptions } from './test-schema.js';
export { TcpProxy } from './tcp-proxy.js';
