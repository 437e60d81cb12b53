export * from './agency';
export * from './dossier-code';
export * from './numbering';
