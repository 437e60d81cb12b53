export * from './attachments';
export * from './protocol';
