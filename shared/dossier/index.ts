export * from './events';
export * from './fold';
export * from './status';
