export * from './calendar';
export * from './generator';
export * from './lunar';
export * from './schema';
export * from './time';
