import { z } from 'zod';
import { displayNameSchema, passwordSchema, roleSchema, usernameSchema } from '../accounts/roles';

/** A user as the UI sees it (never the password hash). */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  officeId: z.string().nullable(),
  active: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

/** A user as the administrator's Users tab lists it: with the lockout and who manages the account. */
export const userListItemSchema = userSchema.extend({
  /** While failed sign-ins keep the account locked: until when (ISO time); null when it is not locked. */
  lockedUntil: z.string().nullable(),
  /** Managed by the central server (synced down): read-only here, except unlocking. */
  central: z.boolean(),
});
export type UserListItem = z.infer<typeof userListItemSchema>;

/** Sign-in policy of this installation (administrator's settings). */
export const accountSettingsSchema = z.object({
  /** Failed sign-ins in a row that lock the account. */
  lockoutAttempts: z.number().int().min(3).max(20),
  /** How long a locked account stays locked. */
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Inactivity after which the screen locks (renderer) and the session is locked (back end). */
  idleLockSeconds: z
    .number()
    .int()
    .min(5)
    .max(24 * 3600),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;

/** Where the caller stands: first run (no user yet), signed out, signed in, or signed in but locked. */
export const accountStatusSchema = z.object({
  setupRequired: z.boolean(),
  user: userSchema.nullable(),
  locked: z.boolean(),
  idleLockSeconds: z.number().int(),
});
export type AccountStatus = z.infer<typeof accountStatusSchema>;

const credentialsSchema = z.object({ username: usernameSchema, password: z.string().min(1).max(256) });

/** A preference or draft key: a short name chosen by the screen that owns it (`intake`, `dossiers.queue`). */
const keySchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/);

/** A JSON value of bounded size (drafts and preferences are the user's own, never trusted as more). */
const jsonValueSchema = z.unknown().refine((value) => {
  if (value === undefined) return false;
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 2_000_000;
}, 'accounts.jsonTooLarge');

export const auditKindSchema = z.enum([
  'sign-in',
  'sign-out',
  'sign-in-failed',
  'lock',
  'unlock',
  'account-locked',
  'user-saved',
  'settings-saved',
  'password-changed',
  'account-unlocked',
  'export',
  'print',
]);
export type AuditKind = z.infer<typeof auditKindSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: auditKindSchema,
  userId: z.string().nullable(),
  officeId: z.string().nullable(),
  subject: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditProblemSchema = z.object({
  stream: z.string(),
  kind: z.enum(['edited', 'deleted', 'reordered', 'unchained']),
  position: z.number().int(),
  eventId: z.string(),
  expected: z.string().nullable(),
  found: z.string().nullable(),
});
export const auditReportSchema = z.object({
  ok: z.boolean(),
  streams: z.number().int(),
  entries: z.number().int(),
  problems: z.array(auditProblemSchema),
});
export type AuditReport = z.infer<typeof auditReportSchema>;

/** Users, sessions, the user's own drafts and preferences, and the audit trail. */
export const accountsCalls = {
  'accounts.status': { input: z.object({}), output: accountStatusSchema },
  /** First run only: creates the first administrator and signs them in. */
  'accounts.setup': {
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, password: passwordSchema }),
    output: accountStatusSchema,
  },
  'accounts.signIn': { input: credentialsSchema, output: accountStatusSchema },
  'accounts.signOut': { input: z.object({}), output: accountStatusSchema },
  'accounts.lock': { input: z.object({}), output: accountStatusSchema },
  'accounts.unlock': { input: z.object({ password: z.string().min(1).max(256) }), output: accountStatusSchema },
  /** The renderer reports the officer's activity (keys, mouse) so the back end keeps the session open. */
  'accounts.touch': { input: z.object({}), output: z.object({ idleLockSeconds: z.number().int() }) },
  'accounts.changePassword': {
    input: z.object({ current: z.string().min(1).max(256), next: passwordSchema }),
    output: z.object({ changed: z.literal(true) }),
  },
  'accounts.settings': { input: z.object({}), output: accountSettingsSchema },
  'accounts.saveSettings': { input: accountSettingsSchema, output: accountSettingsSchema },
  'users.list': { input: z.object({}), output: z.array(userListItemSchema) },
  /** Creates (no id) or updates a user; a password given sets it and clears a lockout. */
  'users.save': {
    input: z.object({
      id: z.string().min(1).max(100).optional(),
      username: usernameSchema,
      displayName: displayNameSchema,
      roles: z.array(roleSchema).min(1).max(4),
      officeId: z.string().min(1).max(100).nullable().default(null),
      active: z.boolean().default(true),
      password: passwordSchema.optional(),
    }),
    output: userSchema,
  },
  /** Ends a lockout after failed sign-ins before its time (the administrator checked who is asking). */
  'users.unlock': {
    input: z.object({ id: z.string().min(1).max(100) }),
    output: userListItemSchema,
  },
  'prefs.get': { input: z.object({ key: keySchema }), output: z.object({ value: z.unknown().nullable() }) },
  'prefs.set': {
    input: z.object({ key: keySchema, value: jsonValueSchema }),
    output: z.object({ saved: z.literal(true) }),
  },
  /** The signed-in user's draft of a screen (the intake form, …): another user never sees it. */
  'drafts.get': {
    input: z.object({ kind: keySchema }),
    output: z.object({ data: z.unknown().nullable(), savedAt: z.string().nullable() }),
  },
  'drafts.save': {
    input: z.object({ kind: keySchema, data: jsonValueSchema }),
    output: z.object({ savedAt: z.string() }),
  },
  'drafts.discard': { input: z.object({ kind: keySchema }), output: z.object({ discarded: z.boolean() }) },
  /** Records a print or an export of personal data (who, what, when) in the audit log. */
  'audit.record': {
    input: z.object({
      kind: z.enum(['print', 'export']),
      subject: z.string().trim().min(1).max(200),
      detail: z.record(z.string().max(50), z.union([z.string().max(500), z.number(), z.boolean()])).default({}),
    }),
    output: z.object({ seq: z.number().int() }),
  },
  'audit.list': {
    input: z.object({
      kind: auditKindSchema.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ total: z.number().int(), items: z.array(auditEntrySchema) }),
  },
  'audit.verify': { input: z.object({}), output: auditReportSchema },
} as const;
