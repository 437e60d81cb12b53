import { z } from 'zod';

/**
 * The roles of a one-stop centre (DESIGN.md §1). A user holds one or more of them: in a small commune
 * office one person is often counter officer and processing officer at once.
 */
export const ROLES = ['counter', 'processing', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Sign-in names: letters, digits, dot, dash and underscore, case-insensitive (stored lower case). */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, { message: 'accounts.username' });

/** Passwords: at least 8 characters; at most 256 so hashing cannot be used to exhaust the machine. */
export const passwordSchema = z.string().min(8, { message: 'accounts.passwordTooShort' }).max(256);

/** A display name: plain text without markup characters (it is printed on forms and in logs). */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^<>{}\\]*$/u, { message: 'accounts.plainText' });
