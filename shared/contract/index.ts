export * from './api';
export * from './calls';
export * from './dispatch';
export * from './result';
