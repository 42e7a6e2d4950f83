export { createApp } from './app.ts';
export type { PlatformContext } from './context.ts';
export { createLogger, redactPaths } from './createLogger.ts';
export { createPlatform, type Platform, type PlatformOptions } from './createPlatform.ts';
export { createDatabase, type DatabaseOptions } from './db/createDatabase.ts';
export {
  type EmbeddedPlatform,
  type EmbeddedPlatformOptions,
  startEmbeddedPlatform,
} from './startEmbeddedPlatform.ts';
