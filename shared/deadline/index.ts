export * from './duration';
export * from './engine';
