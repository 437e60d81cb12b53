import type { Migration } from '.';

export const m001Catalogue: Migration = {
  version: 1,
  name: 'catalogue',
  up: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

    CREATE TABLE catalogue_field (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL
    ) STRICT;

    CREATE TABLE procedure (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      name_folded TEXT NOT NULL,
      field_code TEXT NOT NULL REFERENCES catalogue_field(code),
      level TEXT NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX procedure_field ON procedure(field_code, name_folded);

    CREATE VIRTUAL TABLE procedure_fts USING fts5(
      code, name_folded, content='procedure', content_rowid='rowid', tokenize='unicode61'
    );
  `,
};
