export * from './collation';
export * from './fold';
