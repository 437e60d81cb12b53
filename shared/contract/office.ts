import { z } from 'zod';
import { agencyIdSchema } from '../codes/agency';

export const officeSchema = z.object({
  id: z.string().min(1).max(100),
  /** QCVN 102:2016 agency identifier; units inside an office have none. */
  agencyId: agencyIdSchema.nullable(),
  name: z.string().trim().min(1).max(300),
  /** Level as data (province, commune, department, unit, …), never a hard-coded hierarchy. */
  level: z.string().trim().min(1).max(50),
  parentId: z.string().max(100).nullable(),
  address: z.string().max(500).default(''),
  phone: z.string().max(50).default(''),
  active: z.boolean().default(true),
});
export type Office = z.infer<typeof officeSchema>;

export const counterSchema = z.object({
  id: z.string().min(1).max(100),
  officeId: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
});
export type Counter = z.infer<typeof counterSchema>;

/** What this desktop serves: its office and counter, and the officer's display name. */
export const deskSchema = z.object({
  deviceId: z.string(),
  officeId: z.string().nullable(),
  counterId: z.string().nullable(),
  officerName: z.string(),
  place: z.string(),
});
export type Desk = z.infer<typeof deskSchema>;

export const officeCalls = {
  'office.list': { input: z.object({}), output: z.array(officeSchema) },
  'office.save': { input: officeSchema, output: officeSchema },
  'counter.list': { input: z.object({}), output: z.array(counterSchema) },
  'counter.save': { input: counterSchema, output: counterSchema },
  'desk.get': { input: z.object({}), output: deskSchema },
  'desk.set': {
    input: z.object({
      officeId: z.string().min(1).max(100),
      counterId: z.string().max(100).nullable().default(null),
      officerName: z.string().trim().min(1).max(200),
      place: z.string().trim().min(1).max(100),
    }),
    output: deskSchema,
  },
} as const;
