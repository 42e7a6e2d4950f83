export { createFileStorage, type FileStorageOptions } from './createFileStorage.ts';
