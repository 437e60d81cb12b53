import { type CallName, callNames } from '../contract/calls';
import type { Role } from './roles';

/**
 * Who may make a call: anybody (`public`: before sign-in), any signed-in user (`signedIn`), a signed-in
 * user whose session is locked (`locked`: only to unlock or leave), or the users holding one of the
 * listed roles.
 */
export type Access = 'public' | 'signedIn' | 'locked' | readonly Role[];

const COUNTER: readonly Role[] = ['counter'];
const DOSSIER_WORK: readonly Role[] = ['counter', 'processing', 'supervisor'];
const STAFF: readonly Role[] = ['counter', 'processing', 'supervisor', 'administrator'];
const SCANNING: readonly Role[] = ['counter', 'processing'];
const OVERSIGHT: readonly Role[] = ['supervisor', 'administrator'];
const ADMIN: readonly Role[] = ['administrator'];

/**
 * The call → roles table the dispatcher checks before any handler runs. A call missing here is refused
 * to everybody (secure by default); `test/shared/accounts/policy.test.ts` demands an entry for every
 * call of the contract. Add one line here with every new call. (Keyed by string rather than CallName so
 * that a capability still being written in the same tree does not break the build of the others.)
 */
export const callPolicy: Readonly<Record<string, Access>> = {
  'app.info': 'public',

  'accounts.status': 'public',
  'accounts.setup': 'public',
  'accounts.signIn': 'public',
  'accounts.signOut': 'locked',
  'accounts.unlock': 'locked',
  'accounts.lock': 'signedIn',
  'accounts.touch': 'signedIn',
  'accounts.changePassword': 'signedIn',
  'accounts.settings': 'signedIn',
  'accounts.saveSettings': ADMIN,
  'users.list': ADMIN,
  'users.save': ADMIN,
  'users.unlock': ADMIN,
  'prefs.get': 'signedIn',
  'prefs.set': 'signedIn',
  'drafts.get': 'signedIn',
  'drafts.save': 'signedIn',
  'drafts.discard': 'signedIn',
  'audit.record': 'signedIn',
  'audit.list': OVERSIGHT,
  'audit.verify': OVERSIGHT,

  'catalogue.fields': STAFF,
  'catalogue.search': STAFF,
  'catalogue.get': STAFF,
  'catalogue.import': ADMIN,
  'calendar.get': STAFF,
  'calendar.import': ADMIN,

  'office.list': STAFF,
  'office.save': ADMIN,
  'counter.list': STAFF,
  'counter.save': ADMIN,
  'desk.get': STAFF,
  'desk.set': ADMIN,

  'dossier.receive': COUNTER,
  'dossier.intakeOutcome': COUNTER,
  'dossier.act': DOSSIER_WORK,
  'dossier.get': DOSSIER_WORK,
  'dossier.list': DOSSIER_WORK,
  'dossier.queues': DOSSIER_WORK,
  'forms.render': DOSSIER_WORK,

  'reports.scope': OVERSIGHT,
  'reports.dashboard': OVERSIGHT,
  'reports.drill': OVERSIGHT,
  'reports.alerts': OVERSIGHT,
  'reports.ii06a': OVERSIGHT,
  'reports.indicators766': OVERSIGHT,
  'reports.exportII06a': OVERSIGHT,

  'attachments.get': DOSSIER_WORK,
  'attachments.list': DOSSIER_WORK,
  'attachments.content': DOSSIER_WORK,
  'attachments.bind': SCANNING,
  'attachments.findReusable': SCANNING,
  'attachments.reuse': SCANNING,

  'scan.devices': SCANNING,
  'scan.capabilities': SCANNING,
  'scan.addNetworkScanner': [...SCANNING, 'administrator'],
  'scan.start': SCANNING,
  'scan.session': SCANNING,
  'scan.sessions': SCANNING,
  'scan.cancel': SCANNING,
  'scan.reorder': SCANNING,
  'scan.rotate': SCANNING,
  'scan.deletePage': SCANNING,
  'scan.close': SCANNING,
  'scan.assemble': SCANNING,
  'scan.importFile': SCANNING,
  'scan.watchFolder': SCANNING,
  'scan.findCccd': SCANNING,

  'sync.status': STAFF,
  'sync.now': STAFF,
  'sync.review': STAFF,
  'sync.enrol': ADMIN,
  'sync.fetchAttachment': DOSSIER_WORK,
};

/** What the dispatcher knows about the caller: nobody, or a user with roles whose session may be locked. */
export type Principal = { roles: readonly Role[]; locked: boolean } | null;

/** Why a call is refused, as an error code (translated under `errors.<code>`). */
export type Refusal = 'SIGN_IN_REQUIRED' | 'SESSION_LOCKED' | 'FORBIDDEN_ROLE' | 'CALL_NOT_ALLOWED';

/** The policy decision for one call: null when allowed, otherwise the reason it is refused. */
export function authorize(name: string, principal: Principal): Refusal | null {
  const access = Object.hasOwn(callPolicy, name) ? callPolicy[name] : undefined;
  if (access === undefined) return 'CALL_NOT_ALLOWED';
  if (access === 'public') return null;
  if (!principal) return 'SIGN_IN_REQUIRED';
  if (access === 'locked') return null;
  if (principal.locked) return 'SESSION_LOCKED';
  if (access === 'signedIn') return null;
  return access.some((role) => principal.roles.includes(role)) ? null : 'FORBIDDEN_ROLE';
}

/** The calls a set of roles may make (the renderer hides what the back end would refuse anyway). */
export function allowedCalls(roles: readonly Role[]): CallName[] {
  return callNames.filter((name) => authorize(name, { roles, locked: false }) === null);
}
