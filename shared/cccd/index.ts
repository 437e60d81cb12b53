export * from './parse';
export * from './provinces';
